import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { renderReadme } from "../src/build/readme-sections.ts";

describe("README", () => {
  const readme = readFileSync("README.md", "utf8");

  test("its config and CLI references match the code (run `npm run docs` after changing either)", () => {
    expect(renderReadme(readme)).toBe(readme);
  });

  test("holds the two commands, and CI runs the same test command", () => {
    expect(readme).toContain("npm install && npm test");
    expect(readFileSync(".ci/run", "utf8")).toContain("npm test");
  });
});
