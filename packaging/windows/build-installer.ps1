<#
.SYNOPSIS
  Build the juesuan installer (dist\installer\juesuan-setup-<version>.exe) from the bundle dist\juesuan.

.DESCRIPTION
  Run scripts/build first (it makes dist\juesuan\juesuan.exe). The version comes from pyproject.toml
  through packaging\version.py; it is never typed into juesuan.iss. Needs Inno Setup 6 (ISCC.exe):
  found on PATH or in the usual install folders, or given with -Iscc.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File packaging\windows\build-installer.ps1
#>
param(
    [string]$Python = "",
    [string]$Iscc = ""
)
$ErrorActionPreference = "Stop"
$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path

if (-not $Python) {
    $Python = Join-Path $root ".venv\Scripts\python.exe"
    if (-not (Test-Path $Python)) { $Python = "python" }
}
$versionScript = Join-Path $root "packaging\version.py"
$version = (& $Python $versionScript).Trim()
$numeric = (& $Python $versionScript --windows).Trim()
if (-not $version) { throw "could not read the version from pyproject.toml" }

if (-not $Iscc) {
    $onPath = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    if ($onPath) {
        $Iscc = $onPath.Source
    } else {
        $candidates = @(
            (Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:ProgramFiles "Inno Setup 6\ISCC.exe"),
            (Join-Path $env:LOCALAPPDATA "Programs\Inno Setup 6\ISCC.exe")
        )
        $Iscc = $candidates | Where-Object { Test-Path $_ } | Select-Object -First 1
    }
}
if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it (https://jrsoftware.org/isdl.php or 'choco install innosetup') or pass -Iscc" }

$bundle = Join-Path $root "dist\juesuan\juesuan.exe"
if (-not (Test-Path $bundle)) { throw "missing $bundle - run scripts/build first" }

Write-Host "ISCC: $Iscc"
Write-Host "building the installer of juesuan $version ($numeric)"
& $Iscc "/DAppVersion=$version" "/DAppNumericVersion=$numeric" (Join-Path $root "packaging\windows\juesuan.iss")
if ($LASTEXITCODE -ne 0) { throw "ISCC failed with exit code $LASTEXITCODE" }

$setup = Join-Path $root "dist\installer\juesuan-setup-$version.exe"
if (-not (Test-Path $setup)) { throw "ISCC did not produce $setup" }
$size = [math]::Round((Get-Item $setup).Length / 1MB, 1)
Write-Host "built $setup ($size MB)"
