import { expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { firstLine, loneBinary, runAgent } from "../helpers/binary.ts";

/**
 * The LIS job from the compiled binary alone in a folder: the reference
 * schema's migration 0002 and the task are embedded, `agent sim odli` is the
 * other end, `agent --once lis` sends and fetches, with the token only in the
 * environment (AGENT_ODLI_TOKEN) and never in the output.
 */
test("agent db demo, agent sim odli and agent --once lis from the lone binary; the code map commands", async () => {
  const { dir, agent } = loneBinary();
  mkdirSync(join(dir, "data"));
  expect((await runAgent(agent, ["db", "demo", "--size", "400"], { cwd: dir })).code).toBe(0);
  const sim = Bun.spawn([agent, "sim", "odli", "--port", "0", "--result-delay", "0", "--lang", "en"], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { PATH: "/usr/bin:/bin", HOME: dir } });
  const killer = setTimeout(() => sim.kill("SIGKILL"), 60_000);
  try {
    const line = await firstLine(sim.stdout);
    const url = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
    const token = "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
    const once = await runAgent(
      agent,
      ["--once", "lis", "--set", `odli.url=${url}/exlab/api/fhir/`, "--set", `odli.term_url=${url}/nsi/fhir/term/`, "--set", "odli.system_oid=1.2.643.2.69.1.2.999", "--set", "odli.organization_guid=5a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c5d"],
      { cwd: dir, env: { AGENT_ODLI_TOKEN: token }, timeoutMs: 60_000 },
    );
    expect(once.code).toBe(0);
    expect(once.stderr).toMatch(/Отправлено направлений [1-9]\d* из [1-9]\d*/);
    expect(once.stderr).toMatch(/Получены результаты по [1-9]\d* направлениям/);
    expect(once.stdout + once.stderr).not.toContain(token);
    const unmapped = await runAgent(agent, ["odli", "map", "unmapped", "--format", "tsv"], { cwd: dir });
    expect(unmapped.stdout).toContain("A09.05.NEO");
    sim.kill("SIGTERM");
    expect(await sim.exited).toBe(0);
    expect(await new Response(sim.stderr).text()).toContain("The ОДЛИ simulator stopped");
  } finally {
    clearTimeout(killer);
  }
}, 90_000);
