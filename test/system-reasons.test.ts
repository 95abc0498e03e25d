import { describe, expect, it } from 'vitest';
import { readErrorReason, refusalReason, writeErrorReason } from '../src/system-reasons.js';

describe('system reasons', () => {
  it('words a refusal by what the call was doing: looking reads, anything else writes', () => {
    expect(refusalReason({ code: 'EACCES', syscall: 'scandir' }).zh).toBe('没有读取权限');
    expect(refusalReason({ code: 'EACCES', syscall: 'mkdir' }).zh).toMatch(/^没有写入权限，请换一个/u);
    expect(refusalReason({ code: 'ENOENT', syscall: 'open' })).toBe(writeErrorReason('ENOENT'));
  });

  it('has words for a code it does not know, in both tables', () => {
    expect(readErrorReason('EWHAT')).toEqual({ zh: '系统错误', en: 'a system error' });
    expect(writeErrorReason('EWHAT')).toEqual({ zh: '系统错误', en: 'a system error' });
  });
});
