@echo off
rem sesam-accept @VERSION@ offline install (@PLATFORM@, Python @PYTHONS@).
rem   install.cmd TARGET_DIR
rem Creates a virtual environment at TARGET_DIR (if missing) and installs sesam-accept
rem @VERSION@ into it from this kit's wheels folder, with no network. Run again with the same
rem kit, it installs nothing. Python: %PYTHON% if set, else "py -3" (the Python launcher),
rem else "python". Afterwards: TARGET_DIR\Scripts\sesam-accept.exe
setlocal EnableExtensions
set "VERSION=@VERSION@"
set "PYTHONS=@PYTHONS@"
set "KIT=%~dp0"
set "TARGET=%~1"
if "%TARGET%"=="" (
    echo usage: install.cmd TARGET_DIR 1>&2
    exit /b 2
)
rem pip reads no configuration file and no PIP_* variable: only this kit's wheels are used.
set "PIP_CONFIG_FILE=nul"
if not exist "%TARGET%\Scripts\python.exe" (
    call :make_venv
    if errorlevel 1 exit /b 1
)
"%TARGET%\Scripts\python.exe" -c "import importlib.metadata as m, sys; sys.exit(m.version('sesam-accept') != sys.argv[1])" %VERSION% 2>nul
if not errorlevel 1 (
    echo install: sesam-accept %VERSION% is already installed in %TARGET%
    exit /b 0
)
"%TARGET%\Scripts\python.exe" -m pip --isolated --disable-pip-version-check --no-input install --no-index --find-links "%KIT%wheels" --quiet "sesam-accept==%VERSION%"
if errorlevel 1 exit /b 1
echo install: sesam-accept %VERSION% installed in %TARGET%
"%TARGET%\Scripts\sesam-accept.exe" --version
exit /b 0

:make_venv
set "PY=python"
where py >nul 2>nul
if not errorlevel 1 set "PY=py -3"
if defined PYTHON set "PY=%PYTHON%"
%PY% -c "import sys; sys.exit('{0}.{1}'.format(*sys.version_info) not in sys.argv[1:])" %PYTHONS%
if errorlevel 1 (
    echo install: this kit needs Python %PYTHONS%; "%PY%" is another version or missing: install one from python.org or set PYTHON 1>&2
    exit /b 1
)
set "CREATED="
if not exist "%TARGET%" set "CREATED=1"
echo install: creating a virtual environment in %TARGET% with %PY%
%PY% -m venv "%TARGET%"
if errorlevel 1 (
    if defined CREATED rmdir /s /q "%TARGET%"
    echo install: "%PY% -m venv" failed 1>&2
    exit /b 1
)
exit /b 0
