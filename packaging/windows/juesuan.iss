; Inno Setup 6 script of the juesuan installer (决算与绩效自评填报审核工具).
;
; Per-user install without admin rights by default (into %LOCALAPPDATA%\Programs\juesuan); an IT
; administrator installs for all users with /ALLUSERS (into C:\Program Files\juesuan). Start-menu
; entry, optional desktop icon, .juesuan association for the installing user (HKA: HKCU or HKLM),
; clean uninstall that never touches project files or the user's data folder.
;
; Build (docs/packaging.md; packaging\windows\build-installer.ps1 does exactly this):
;   iscc /DAppVersion=<version> packaging\windows\juesuan.iss
; The version is never written here: it comes from pyproject.toml through the command line.

#ifndef AppVersion
  #error AppVersion is not defined: run iscc /DAppVersion=<version from pyproject.toml> (see packaging\windows\build-installer.ps1)
#endif
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#ifndef BundleDir
  #define BundleDir AddBackslash(SourcePath) + "..\..\dist\juesuan"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "..\..\dist\installer"
#endif

#define AppName "juesuan"
#define AppExeName "juesuan.exe"
#define AppDisplayName "决算与绩效自评填报审核工具"
#define AppPublisher "juesuan 项目组"
#define ProgId "juesuan.project"
#define RepoRoot AddBackslash(SourcePath) + "..\.."

#if !FileExists(AddBackslash(BundleDir) + AppExeName)
  #error The bundle is missing: build it first with scripts/build (expected dist\juesuan\juesuan.exe)
#endif

; Chinese (Simplified) messages: official since Inno Setup 6.5; with an older compiler use a copy of
; the translation placed beside this script, else English with our own Chinese overrides of the
; messages this installer shows (zh_CN-fallback.isl).
#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseMessages "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseMessages AddBackslash(SourcePath) + "ChineseSimplified.isl"
#else
  #define ChineseMessages "compiler:Default.isl," + AddBackslash(SourcePath) + "zh_CN-fallback.isl"
  #pragma message "ChineseSimplified.isl not found (Inno Setup older than 6.5): using zh_CN-fallback.isl"
#endif

[Setup]
AppId={{5F9E3EB7-77E3-4014-B956-0134784E9EC6}
AppName={#AppDisplayName}
AppVersion={#AppVersion}
AppVerName={#AppDisplayName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppDisplayName}
VersionInfoDescription={#AppDisplayName} 安装程序
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
UsedUserAreasWarning=no
ChangesAssociations=yes
CloseApplications=yes
RestartApplications=no
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppDisplayName}
OutputDir={#OutputDir}
OutputBaseFilename=juesuan-setup-{#AppVersion}
SetupIconFile={#RepoRoot}\resources\icons\juesuan.ico
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
ShowLanguageDialog=no
SetupLogging=yes

[Languages]
Name: "zh_CN"; MessagesFile: "{#ChineseMessages}"

[CustomMessages]
zh_CN.AssocGroup=文件关联：
zh_CN.AssocTask=用本程序打开 .juesuan 项目文件（双击即可打开）
zh_CN.ProjectFileType=决算项目文件
zh_CN.DesktopGroup=附加快捷方式：
zh_CN.DesktopTask=创建桌面快捷方式
zh_CN.LaunchNow=立即运行 {#AppDisplayName}

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopTask}"; GroupDescription: "{cm:DesktopGroup}"; Flags: unchecked
Name: "fileassoc"; Description: "{cm:AssocTask}"; GroupDescription: "{cm:AssocGroup}"

[InstallDelete]
; An upgrade replaces the program files wholesale, so no module of an older version lingers.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#RepoRoot}\resources\icons\juesuan-file.ico"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppDisplayName}"; Filename: "{app}\{#AppExeName}"; Comment: "填报与审核部门决算和绩效自评表"
Name: "{autodesktop}\{#AppDisplayName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; HKA = HKCU for a per-user install, HKLM for /ALLUSERS. Only our own ProgID key is deleted on
; uninstall; the .juesuan key keeps any other program's entries.
Root: HKA; Subkey: "Software\Classes\.juesuan"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue uninsdeletekeyifempty; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\.juesuan\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue uninsdeletekeyifempty; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectFileType}"; Flags: uninsdeletekey; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\juesuan-file.ico"; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}"; Flags: uninsdeletekey; Tasks: fileassoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: ".juesuan"; ValueData: ""; Tasks: fileassoc

[Messages]
zh_CN.ConfirmUninstall=确定要删除 %1 吗？%n%n只删除程序本身；您保存的项目文件（.juesuan）和个人设置都会保留。

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder itself. Project files live wherever the user saved them, and the data
; folder %LOCALAPPDATA%\juesuan (logs, recovery copies) and the settings are kept for a reinstall.
Type: filesandordirs; Name: "{app}\_internal"
Type: dirifempty; Name: "{app}"
