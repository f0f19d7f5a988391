/**
 * A last line of defence for secrets: whatever text is about to be logged or
 * shown, the current values of the secret settings (tokens, passwords) are
 * cut out of it. Code must not put secrets in messages in the first place;
 * this catches the case where a remote server or a library echoes one back.
 */
export class SecretScrubber {
  private secrets: string[] = [];

  /** Replaces the list of secrets (at start and on config reload). */
  setSecrets(values: Iterable<string>): void {
    // Very short values would mask ordinary words; a real token or password is longer.
    this.secrets = [...new Set([...values].filter((v) => v.length >= 4))].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    let out = text;
    for (const s of this.secrets) if (out.includes(s)) out = out.split(s).join("***");
    return out;
  }
}
