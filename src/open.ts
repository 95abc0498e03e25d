import { spawn, type SpawnOptions } from 'node:child_process';

/**
 * `--open`: the report in the default browser. The file's path is one argument of a program, never part of a
 * shell string: macOS `open`, Linux `xdg-open`, Windows `cmd /c start "" "<path>"`. cmd re-reads its command line,
 * so on Windows the path is quoted here and handed over verbatim (`/s`: cmd strips only the outer pair of quotes); a path that holds a `"` (impossible in a Windows
 * name) or a `%` (which cmd expands even inside quotes) goes to explorer.exe instead, which takes it as it is.
 */
export interface OpenCommand {
  command: string;
  args: string[];
  options: SpawnOptions;
}

export function openCommand(file: string, platform: NodeJS.Platform = process.platform): OpenCommand {
  const options: SpawnOptions = { stdio: 'ignore', detached: true };
  if (platform === 'win32') {
    if (/["%]/u.test(file)) return { command: 'explorer.exe', args: [file], options };
    return { command: 'cmd.exe', args: ['/d', '/s', '/c', `"start "" "${file}""`], options: { ...options, windowsVerbatimArguments: true, windowsHide: true } };
  }
  if (platform === 'darwin') return { command: 'open', args: [file], options };
  return { command: 'xdg-open', args: [file], options };
}

/** Starts the opener and does not wait for the browser; resolves false when the opener could not be started. */
export function openInBrowser(file: string): Promise<boolean> {
  const { command, args, options } = openCommand(file);
  return new Promise((resolve) => {
    const child = spawn(command, args, options);
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
