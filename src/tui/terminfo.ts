/**
 * blessed's own terminfo files, embedded into the binary. blessed reads them
 * from `__dirname + '/../usr/'`, and Bun bakes the build machine's path into
 * the bundle, so the compiled binary would only work where it was built
 * (bun-notes.md). Modern systems' xterm-256color entry is in the ncurses-6
 * format blessed cannot parse, so this fallback is taken on most terminals:
 * Tput's fallbacks are pointed at the embedded copies.
 */
import { basename } from "node:path";
import xterm from "blessed/usr/xterm" with { type: "file" };
import xterm256 from "blessed/usr/xterm-256color" with { type: "file" };
import linux from "blessed/usr/linux" with { type: "file" };
import windowsAnsi from "blessed/usr/windows-ansi" with { type: "file" };
import xtermTermcap from "blessed/usr/xterm.termcap" with { type: "file" };

const INFO: Record<string, string> = { xterm, "xterm-256color": xterm256, linux, "windows-ansi": windowsAnsi };

/** The embedded entry for a terminal name: its own, else the closest (…-256color → xterm-256color), else xterm. */
export function embeddedTerminfo(name: string): string {
  const base = basename(name);
  return INFO[base] ?? (base.endsWith("-256color") ? xterm256 : xterm);
}

interface TputPrototype {
  injectTerminfo(path: string): unknown;
  injectTermcap(path: string): unknown;
  _useXtermInfo(): unknown;
  _useInternalInfo(name: string): unknown;
  _useXtermCap(): unknown;
  _useInternalCap(name: string): unknown;
}

/** Points blessed's terminfo fallbacks at the embedded files. Idempotent. */
export function useEmbeddedTerminfo(Tput: { prototype: unknown }): void {
  const proto = Tput.prototype as TputPrototype;
  proto._useXtermInfo = function (this: TputPrototype) {
    return this.injectTerminfo(xterm);
  };
  proto._useInternalInfo = function (this: TputPrototype, name: string) {
    return this.injectTerminfo(embeddedTerminfo(name));
  };
  proto._useXtermCap = function (this: TputPrototype) {
    return this.injectTermcap(xtermTermcap);
  };
  proto._useInternalCap = function (this: TputPrototype) {
    return this.injectTermcap(xtermTermcap);
  };
}
