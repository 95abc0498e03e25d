/**
 * The files a clerk double-clicks or drops a folder on, in the Windows bundle, and the shell launcher of the Linux one.
 *
 * cmd.exe reads a .bat in the console's OEM code page (936 on Chinese Windows), so these files are ASCII with CRLF:
 * every Chinese word a clerk sees comes from pyvw itself (`pyvw launcher …`), which writes to the console in Unicode.
 * Each dropped path is passed on as "%~N" (quotes stripped, then added again), so spaces, Chinese, `&` and `(` in a
 * name survive; up to nine folders may be dropped at once.
 */

export interface LauncherFile {
  /** Name inside the bundle's top folder. */
  name: string;
  text: string;
  /** Unix mode for the tarball's shell launcher. */
  mode?: number;
}

const DROPPED = '"%~1" "%~2" "%~3" "%~4" "%~5" "%~6" "%~7" "%~8" "%~9"';

function crlf(lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/** A drag-and-drop launcher: hands the dropped folders to `pyvw launcher <action>`, keeps the window open, passes the exit code on. */
function dropLauncher(action: 'check' | 'pack' | 'status', comment: string): string {
  return crlf([
    '@echo off',
    `rem ${comment}`,
    'rem Drop a folder on this file. Made by "npm run release"; the words you see come from pyvw.',
    'setlocal',
    'title pyvw',
    `"%~dp0app\\node.exe" "%~dp0app\\bin\\pyvw.js" launcher ${action} --home "%~dp0." -- ${DROPPED}`,
    'set "PYVW_EXIT=%ERRORLEVEL%"',
    'echo.',
    'pause',
    'exit /b %PYVW_EXIT%',
  ]);
}

export const WINDOWS_LAUNCHERS: readonly LauncherFile[] = [
  { name: '检查材料.bat', text: dropLauncher('check', 'pyvw: check the folder dropped here and open the report.') },
  { name: '打包材料.bat', text: dropLauncher('pack', 'pyvw: pack the folder dropped here into the zip for the bureau.') },
  { name: '查看本周.bat', text: dropLauncher('status', 'pyvw: the state of the whole week, for the week folder dropped here.') },
  {
    name: 'pyvw.cmd',
    text: crlf([
      '@echo off',
      'rem pyvw for people who use a console: pyvw check D:\\materials\\5.15',
      '"%~dp0app\\node.exe" "%~dp0app\\bin\\pyvw.js" %*',
      'exit /b %ERRORLEVEL%',
    ]),
  },
];

/** The Linux launcher: resolves links to itself (so a link on PATH works), then runs pyvw with the bundle's own node. */
export const LINUX_LAUNCHER: LauncherFile = {
  name: 'pyvw',
  mode: 0o755,
  text: [
    '#!/bin/sh',
    '# pyvw with the Node.js that came in this folder. Put it on PATH with: ln -s "$PWD/pyvw" ~/.local/bin/pyvw',
    'self=$0',
    'while [ -L "$self" ]; do',
    '  target=$(readlink "$self")',
    '  case $target in',
    '    /*) self=$target ;;',
    '    *) self=$(dirname "$self")/$target ;;',
    '  esac',
    'done',
    'here=$(cd "$(dirname "$self")" && pwd)',
    'exec "$here/app/node" "$here/app/bin/pyvw.js" "$@"',
    '',
  ].join('\n'),
};
