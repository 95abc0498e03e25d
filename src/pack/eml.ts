import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

/**
 * `--eml`: a draft email with the package attached. `X-Unsent: 1` makes Outlook open it as a new message to be
 * sent rather than as a received one; there is no From, so the mail program fills in the clerk's own account.
 */
export interface Draft {
  to: string;
  subject: string;
  text: string;
  attachmentPath: string;
  attachmentName: string;
}

export async function writeEml(target: string, draft: Draft, signal: AbortSignal): Promise<void> {
  const message = new MailComposer({
    to: draft.to,
    subject: draft.subject,
    text: draft.text,
    attachments: [{ filename: draft.attachmentName, path: draft.attachmentPath, contentType: 'application/zip' }],
    headers: { 'X-Unsent': '1' },
  }).compile();
  await pipeline(message.createReadStream(), createWriteStream(target, { flags: 'wx' }), { signal });
}
