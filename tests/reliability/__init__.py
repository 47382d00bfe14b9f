"""Tests that try hard to lose, corrupt or leak a user's data: crashes, two writers, fuzzed
input, round trips, backups, a full disk, file modes and secrets."""
