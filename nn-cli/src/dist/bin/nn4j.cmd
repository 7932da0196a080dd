@echo off
rem The nn4j command of the release archive, for Windows. Needs Java 17 or newer:
rem %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, otherwise the java on the PATH. Plugin jars
rem in the archive's plugins folder (or in the folder %NN4J_PLUGINS% names) join the class path;
rem --plugin-path adds more for one run. JVM options go in %NN4J_JAVA_OPTS%.
setlocal
set "NN4J_HOME=%~dp0.."
set "NN4J_JAVA=java"
if defined JAVA_HOME set "NN4J_JAVA=%JAVA_HOME%\bin\java.exe"
if not defined NN4J_PLUGINS set "NN4J_PLUGINS=%NN4J_HOME%\plugins"
"%NN4J_JAVA%" --add-modules jdk.incubator.vector %NN4J_JAVA_OPTS% -cp "%NN4J_HOME%\lib\nn4j.jar;%NN4J_PLUGINS%\*" dev.nn4j.cli.Main %*
exit /b %ERRORLEVEL%
