/** Bad usage that is not a config or folder problem (a missing `--unit`, an existing package): exit 2. */
export class UsageError extends Error {
  constructor(readonly messages: { zh: string; en: string }) {
    super(messages.en);
  }
}
