import type { Bilingual } from './types.js';

/*
 * A system error code (EACCES, ENOENT, …) in words a clerk can act on, for a file pyvw read and for a place pyvw
 * wrote; the code itself stays in the message too. A module of its own so the CLI can word a refusal without
 * loading the rules.
 */

/** Why a file could not be read. */
const READ_ERROR_REASONS: Record<string, Bilingual> = {
  EACCES: { zh: '没有读取权限', en: 'permission denied' },
  EPERM: { zh: '没有读取权限', en: 'operation not permitted' },
  EBUSY: { zh: '文件被其他程序占用', en: 'the file is locked by another program' },
  ENAMETOOLONG: { zh: '路径太长，超过系统上限', en: 'the path is longer than the system allows' },
  EILSEQ: { zh: '文件名不是有效的 Unicode 编码（可能是在中文 Windows 上打包的），系统无法按名字打开它', en: 'the name is not valid Unicode (perhaps zipped on Chinese Windows), so it cannot be opened by name' },
  ENOENT: { zh: '文件在检查时不见了', en: 'the file disappeared during the check' },
  ELOOP: { zh: '链接层数太多', en: 'too many levels of links' },
  EIO: { zh: '磁盘读写错误', en: 'an input/output error of the disk' },
  EISDIR: { zh: '这是一个文件夹', en: 'it is a folder' },
  EMFILE: { zh: '同时打开的文件太多', en: 'too many open files' },
  ETIMEDOUT: { zh: '读取超时（网盘或网络驱动器）', en: 'the read timed out (cloud or network drive)' },
};

const SYSTEM_ERROR: Bilingual = { zh: '系统错误', en: 'a system error' };

export function readErrorReason(code: string): Bilingual {
  return READ_ERROR_REASONS[code] ?? SYSTEM_ERROR;
}

/** The same for a refusal to write (a package, a fixed folder, a new day's folders): what the clerk can change. */
const WRITE_ERROR_REASONS: Record<string, Bilingual> = {
  EACCES: { zh: '没有写入权限，请换一个自己能写入的文件夹（如桌面）', en: 'permission denied; choose a folder you may write to (your desktop, say)' },
  EPERM: { zh: '没有写入权限，请换一个自己能写入的文件夹（如桌面）', en: 'operation not permitted; choose a folder you may write to (your desktop, say)' },
  EROFS: { zh: '这个磁盘只能读、不能写（光盘或写保护的 U 盘），请换一个磁盘', en: 'the disk is read-only; choose another disk' },
  // Windows answers a name with \ / : * ? " < > | as ERROR_INVALID_NAME, which Node reports as ENOENT or EINVAL.
  ENOENT: { zh: '路径不存在，或名字里有 \\ / : * ? " < > | 这类系统不允许的字符，请核对路径、去掉这些字符', en: 'the path does not exist, or a name in it has a character the system does not allow; check the path and remove such characters' },
  EINVAL: { zh: '名字里有 \\ / : * ? " < > | 这类系统不允许的字符，请去掉这些字符', en: 'a name has a character the system does not allow; remove it' },
  ENOTDIR: { zh: '路径中有一段是文件，不是文件夹，请核对路径', en: 'a part of the path is a file, not a folder; check the path' },
  EEXIST: { zh: '已经有同名的文件，请换一个名字或先把它移走', en: 'a file of that name is already there; choose another name or move it away' },
  ENOSPC: { zh: '磁盘空间不足，请清理磁盘或换一个磁盘', en: 'the disk is full; free some space or choose another disk' },
  EDQUOT: { zh: '磁盘空间不足（超出配额），请清理磁盘或换一个磁盘', en: 'the disk quota is used up; free some space or choose another disk' },
  ENAMETOOLONG: READ_ERROR_REASONS.ENAMETOOLONG!,
  EBUSY: READ_ERROR_REASONS.EBUSY!,
  EIO: READ_ERROR_REASONS.EIO!,
  EMFILE: READ_ERROR_REASONS.EMFILE!,
};

export function writeErrorReason(code: string): Bilingual {
  return WRITE_ERROR_REASONS[code] ?? SYSTEM_ERROR;
}

/** Calls that only look; a refusal of any other (mkdir, open for writing, rename, …) is taken as one to write. */
const READING_CALLS = new Set(['scandir', 'opendir', 'read', 'stat', 'lstat', 'fstat', 'readlink', 'realpath', 'access']);

/** The words for a refusal whose call is known: reading or writing, by the call. */
export function refusalReason(refusal: { code: string; syscall: string }): Bilingual {
  return READING_CALLS.has(refusal.syscall) ? readErrorReason(refusal.code) : writeErrorReason(refusal.code);
}
