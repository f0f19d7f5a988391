import { join, resolve } from "node:path";
import { simTexts as S } from "../messages/areas/sim.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { CodSimulator } from "../sim/cod/cod-simulator.ts";
import { SmsSimulator } from "../sim/sms/sms-simulator.ts";
import { OdliSimulator } from "../sim/odli/odli-simulator.ts";
import { odliTexts as O } from "../messages/areas/odli.ts";
import type { CommandRun, ParsedArgs } from "./command.ts";

function port(args: ParsedArgs, option: string): number {
  const raw = args.get(option);
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw usageError(say(S.badPort, { option: `--${option}`, got: raw }));
  return n;
}

/**
 * Starts a simulator, says where it listens, and serves until SIGINT/SIGTERM.
 * A taken or forbidden port is a usage error that says what to give instead.
 */
async function serveUntilStopped<T extends { stop(): Promise<void> }>(
  ctx: Parameters<CommandRun>[0],
  port: number,
  start: () => Promise<T>,
  listening: (sim: T) => string,
  stopped: string,
  /** Work once it listens (seeding), after the listening line: that stays the first line, for scripts. */
  ready?: (sim: T) => Promise<void>,
): Promise<number> {
  let sim: T;
  try {
    sim = await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") throw usageError(say(S.portBusy, { port, detail: code }), error);
    throw error;
  }
  ctx.out(listening(sim));
  if (ready) {
    try {
      await ready(sim);
    } catch (error) {
      await sim.stop();
      throw error;
    }
  }
  await new Promise<void>((done) => {
    const off = ctx.deps.onStopSignal(() => {
      off();
      done();
    });
  });
  await sim.stop();
  ctx.err(stopped);
  return 0;
}

/** `agent sim cod`: a ЦОД simulator on 127.0.0.1 until SIGINT/SIGTERM. */
export const runCodSimulator: CommandRun = async (ctx, args) => {
  const apiPort = port(args, "port");
  const adminPort = port(args, "admin-port");
  const dataDir = resolve(args.get("data") ?? join(ctx.deps.home, "data", "sim-cod"));
  const demoMo = args.get("demo-mo");
  // The protocol's Cod-Mo is any short code; the same characters as a batch id keep it readable in the dumps.
  if (demoMo !== undefined && !/^[A-Za-z0-9._:-]{1,64}$/.test(demoMo)) throw usageError(say(S.badDemoMo, { got: demoMo }));
  return serveUntilStopped(
    ctx,
    apiPort || adminPort,
    () => CodSimulator.start({ dataDir, port: apiPort, adminPort, now: () => ctx.clock.now() }),
    (sim) => say(S.codListening, { url: sim.url, admin: sim.adminUrl, data: dataDir }),
    say(S.codStopped),
    demoMo === undefined ? undefined : (sim) => seedDemo(ctx, sim, demoMo),
  );
};

/**
 * `--demo-mo`: the streams of that МО seeded as `agent demo` seeds them, so
 * an agent pointed at this simulator has something to pull. Once per store:
 * a simulator started again on the same --data keeps what is left of them
 * (seeding again would serve the same documents twice under new positions).
 */
async function seedDemo(ctx: Parameters<CommandRun>[0], sim: CodSimulator, mo: string): Promise<void> {
  const held = sim.store.itemCount(mo);
  if (held > 0) return ctx.out(say(S.codDemoKept, { mo, items: held }));
  const { seedDemoCod } = await import("../app/demo/cod-seed.ts");
  const seeded = await seedDemoCod(sim.adminUrl, mo, { now: ctx.clock.now(), zone: ctx.config().config.timezone });
  ctx.out(say(S.codDemoSeeded, { mo, ...seeded }));
}

/** `agent sim sms`: an SMS gateway (SMSC.ru's API) on 127.0.0.1 until SIGINT/SIGTERM. */
export const runSmsSimulator: CommandRun = async (ctx, args) => {
  const smsPort = port(args, "port");
  return serveUntilStopped(
    ctx,
    smsPort,
    () => SmsSimulator.start({ port: smsPort, now: () => ctx.clock.now() }),
    (sim) => say(S.smsListening, { url: sim.url }),
    say(S.smsStopped),
  );
};

/** `agent sim odli`: ОДЛИ and its terminology service on 127.0.0.1 until SIGINT/SIGTERM. */
export const runOdliSimulator: CommandRun = async (ctx, args) => {
  const odliPort = port(args, "port");
  const delayText = args.get("result-delay") ?? "10";
  const delay = Number(delayText);
  if (!/^\d+(\.\d+)?$/.test(delayText) || delay > 86_400) throw usageError(say(O.badResultDelay, { got: delayText }));
  return serveUntilStopped(
    ctx,
    odliPort,
    () => OdliSimulator.start({ port: odliPort, resultDelayMs: Math.round(delay * 1000), now: () => ctx.clock.now() }),
    (sim) => say(O.simListening, { url: sim.url, exlab: sim.exlabUrl, term: sim.termUrl, delay }),
    say(O.simStopped),
  );
};

/** `agent sim`: the help of the group, which lists the simulators. */
export const listSimulators: CommandRun = async (ctx) => {
  const { COMMANDS } = await import("./commands.ts");
  const { renderCommandHelp } = await import("./help.ts");
  ctx.out(await renderCommandHelp(COMMANDS.find((c) => c.path.length === 1 && c.path[0] === "sim")!, COMMANDS));
  return 0;
};
