; Inno Setup 6 script for Rapport's Windows installer.
;
; Build the program first (pyinstaller --noconfirm --clean pyinstaller.spec, on Windows),
; then, from the repository root:
;
;   iscc /DAppVersion=0.1.0 packaging\windows\rapport.iss
;
; which writes dist\Rapport-0.1.0-setup.exe. The version must be given: it comes from
; core\version.py (the release workflow passes it). Paths are relative to the repository root.
;
; What it installs: the PyInstaller folder dist\rapport\ (rapportw.exe, the windowed app
; the shortcuts start; rapport.exe, the command line) under Program Files for one user
; (or for all users, if the user chooses so and can elevate), a Start-menu entry, and, if
; ticked, a desktop icon, "Start Rapport when I sign in" (HKCU\...\Run, the same entry the
; app's own setting writes) and the install folder on the user's PATH (for `rapport today`
; in a terminal). Uninstalling removes the program, the shortcuts and those entries, and
; never the user's data in %LOCALAPPDATA%\Rapport.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\rapport.iss
#endif

#define AppName "Rapport"
#define GuiExe "rapportw.exe"
; SourcePath is the folder of this script (with a trailing backslash).
#define RepoRoot SourcePath + "..\.."

[Setup]
; The AppId identifies Rapport to Windows across versions: never change it.
AppId={{6F1C2B9E-4A57-4C1B-9C3E-52A7D1E0B8F4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user by default (no administrator needed); the user may choose all users instead.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
; The PATH task changes the environment: tell running programs (Explorer, terminals).
ChangesEnvironment=yes
; Close a running Rapport (through the Restart Manager) before replacing its files.
CloseApplications=yes
OutputDir={#RepoRoot}\dist
OutputBaseFilename=Rapport-{#AppVersion}-setup
; Written by pyinstaller.spec into its work folder (build\pyinstaller).
SetupIconFile={#RepoRoot}\build\pyinstaller\icons\rapport.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "startatlogin"; Description: "Start Rapport when I sign in (reminders arrive even before I open it)"; GroupDescription: "Reminders:"; Flags: unchecked
Name: "addtopath"; Description: "Add Rapport to my PATH (to use the rapport command in a terminal)"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
Source: "{#RepoRoot}\dist\rapport\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Comment: "Keep your professional network warm"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Registry]
; The value name "Rapport" is the one the app's "start at login" setting reads and writes.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; ValueName: "{#AppName}"; ValueData: """{app}\{#GuiExe}"""; Flags: uninsdeletevalue; Tasks: startatlogin
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NotOnUserPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only what it installed. The user's data
; (%LOCALAPPDATA%\Rapport) is never touched.

[Code]
function NotOnUserPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Result := True
  else
    Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;

procedure RemoveFromUserPath(Dir: string);
var
  Path: string;
  Position: Integer;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    exit;
  Path := ';' + Path + ';';
  Position := Pos(';' + Uppercase(Dir) + ';', Uppercase(Path));
  if Position = 0 then
    exit;
  Delete(Path, Position, Length(Dir) + 1);
  Path := Copy(Path, 2, Length(Path) - 2);
  RegWriteExpandStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path);
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveFromUserPath(ExpandConstant('{app}'));
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent then
    MsgBox('Rapport was removed. Your contacts and backups were kept in ' +
      ExpandConstant('{localappdata}\Rapport') + '; delete that folder yourself if you no longer need it.',
      mbInformation, MB_OK);
end;
