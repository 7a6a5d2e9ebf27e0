<#
.SYNOPSIS
  Prove the installer works: install silently into a temporary folder (per user, no admin), check the
  Start-menu entry and the .juesuan association, run the installed program's --selftest, uninstall
  silently, and check that the program is gone while the user's project file and data folder stay.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\test-installer.ps1
  powershell -ExecutionPolicy Bypass -File packaging\windows\test-installer.ps1 -Setup D:\juesuan-setup-0.1.0.exe
#>
param(
    [string]$Setup = "",
    [string]$WorkDir = ""
)
$ErrorActionPreference = "Stop"
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$exeName = "juesuan.exe"
$progId = "juesuan.project"

if (-not $Setup) {
    $found = Get-ChildItem (Join-Path $root "dist\installer") -Filter "juesuan-setup-*.exe" |
        Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $found) { throw "no dist\installer\juesuan-setup-*.exe - run build-installer.ps1 first" }
    $Setup = $found.FullName
}
if (-not $WorkDir) { $WorkDir = Join-Path ([IO.Path]::GetTempPath()) ("juesuan-installer-test-" + [guid]::NewGuid().ToString("N").Substring(0, 8)) }
New-Item -ItemType Directory -Force $WorkDir | Out-Null
$installDir = Join-Path $WorkDir "app"
$exe = Join-Path $installDir $exeName

function Invoke-Waiting([string]$File, [string[]]$Arguments) {
    # Start-Process -Wait also waits for child processes (the uninstaller re-launches itself).
    $process = Start-Process -FilePath $File -ArgumentList $Arguments -Wait -PassThru
    return $process.ExitCode
}
function Fail([string]$Message) {
    foreach ($log in "install.log", "uninstall.log") {
        $path = Join-Path $WorkDir $log
        if (Test-Path $path) { Write-Host "---- $log (last lines)"; Get-Content $path -Tail 40 }
    }
    throw $Message
}

Write-Host "1. silent per-user install of $Setup into $installDir"
$code = Invoke-Waiting $Setup @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/CURRENTUSER",
    "/DIR=`"$installDir`"", "/LOG=`"$(Join-Path $WorkDir 'install.log')`"")
if ($code -ne 0) { Fail "the installer exited with $code" }
if (-not (Test-Path $exe)) { Fail "$exe was not installed" }

Write-Host "2. Start-menu entry and .juesuan association (HKCU, no admin)"
$shell = New-Object -ComObject WScript.Shell
$programs = [Environment]::GetFolderPath("Programs")
$shortcut = Get-ChildItem $programs -Filter "*.lnk" -Recurse |
    Where-Object { $shell.CreateShortcut($_.FullName).TargetPath -ieq $exe } | Select-Object -First 1
if (-not $shortcut) { Fail "no Start-menu shortcut points at $exe" }
Write-Host "   shortcut: $($shortcut.FullName)"
$assoc = (Get-ItemProperty "HKCU:\Software\Classes\.juesuan" -ErrorAction SilentlyContinue).'(default)'
if ($assoc -ne $progId) { Fail ".juesuan is associated with '$assoc', expected $progId" }
$open = (Get-ItemProperty "HKCU:\Software\Classes\$progId\shell\open\command").'(default)'
if ($open -notlike "*$exe*") { Fail "the open command '$open' does not start $exe" }
$icon = (Get-ItemProperty "HKCU:\Software\Classes\$progId\DefaultIcon").'(default)'
if (-not (Test-Path $icon)) { Fail "the document icon '$icon' is missing" }

Write-Host "3. self-test of the installed program"
$report = Join-Path $WorkDir "selftest-installed.txt"
$code = Invoke-Waiting $exe @("--selftest", "--output", "`"$report`"")
if (Test-Path $report) { Get-Content -Encoding UTF8 $report }
if ($code -ne 0) { Fail "the installed program's --selftest exited with $code" }

Write-Host "4. a project file of the user's, outside the program folder"
$project = Join-Path $WorkDir "user-project.juesuan"
Copy-Item (Join-Path $root "resources\samples\jianghan-2022.juesuan") $project
$dataDir = Join-Path $env:LOCALAPPDATA "juesuan"

Write-Host "5. silent uninstall"
$uninstaller = Join-Path $installDir "unins000.exe"
$code = Invoke-Waiting $uninstaller @("/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART",
    "/LOG=`"$(Join-Path $WorkDir 'uninstall.log')`"")
$deadline = (Get-Date).AddMinutes(3)
while ((Test-Path $installDir) -and ((Get-Date) -lt $deadline)) { Start-Sleep -Seconds 1 }
if (Test-Path $installDir) {
    Get-ChildItem -Recurse $installDir | ForEach-Object { Write-Host "   left: $($_.FullName)" }
    Fail "the program folder is still there after uninstalling (exit code $code)"
}
if (Test-Path "HKCU:\Software\Classes\$progId") { Fail "the $progId registry key is still there" }
if ($shortcut -and (Test-Path $shortcut.FullName)) { Fail "the Start-menu shortcut is still there" }
if (-not (Test-Path $project)) { Fail "the user's project file was removed" }
if (-not (Test-Path (Join-Path $dataDir "logs"))) { Fail "the user's data folder $dataDir was removed" }

Write-Host "installer test passed: installed, associated, self-tested, uninstalled cleanly; user files kept"
