/**
 * blessed inside `bun build --compile` (see bun-notes.md): blessed builds
 * its widget table with `require('./widgets/' + name)`, which a bundler
 * cannot follow, so the compiled binary dies with "Cannot find module
 * './widgets/node'" (oven-sh/bun#11047). This plugin rewrites that loop in
 * `blessed/lib/widget.js` into one static require per widget. The Terminal
 * widget's `pty.js` and `term.js` are never used by the agent and are left
 * external (`BLESSED_EXTERNALS`). The terminfo files are the UI's own
 * business (`src/tui/terminfo.ts` embeds them).
 */
import type { BunPlugin } from "bun";
import { readFileSync } from "node:fs";

/** Modules only blessed's Terminal widget wants; the agent never loads them. */
export const BLESSED_EXTERNALS = ["pty.js", "term.js"];

const LOOP = /widget\.classes\.forEach\(function\(name\) \{\s*var file = name\.toLowerCase\(\);\s*widget\[name\] = widget\[file\] = require\('\.\/widgets\/' \+ file\);\s*\}\);/;

/** The source of widget.js with the dynamic loop replaced by static requires. */
export function staticWidgetTable(source: string): string {
  const classes = /widget\.classes = \[([\s\S]*?)\];/.exec(source)?.[1];
  if (!classes || !LOOP.test(source)) throw new Error("blessed/lib/widget.js is not the version this plugin rewrites (blessed 0.1.81): check the build plugin");
  const names = [...classes.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]!);
  const requires = names.map((name) => `widget[${JSON.stringify(name)}] = widget[${JSON.stringify(name.toLowerCase())}] = require('./widgets/${name.toLowerCase()}');`).join("\n");
  return source.replace(LOOP, requires);
}

export const blessedPlugin: BunPlugin = {
  name: "blessed-static-widgets",
  setup(build) {
    build.onLoad({ filter: /blessed[\\/]lib[\\/]widget\.js$/ }, (args) => ({ contents: staticWidgetTable(readFileSync(args.path, "utf8")), loader: "js" }));
  },
};
