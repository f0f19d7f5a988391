import { join, resolve } from "node:path";
import { simTexts as S } from "../messages/areas/sim.ts";
import { say } from "../messages/text.ts";
import { usageError } from "../kernel/agent-error.ts";
import { CodSimulator } from "../sim/cod/cod-simulator.ts";
import { SmsSimulator } from "../sim/sms/sms-simulator.ts";
import type { CommandRun, ParsedArgs } from "./command.ts";

function port(args: ParsedArgs, option: string): number {
  const raw = args.get(option);
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw usageError(say(S.badPort, { option: `--${option}`, got: raw }));
  return n;
}

/** `agent sim cod`: a ЦОД simulator on 127.0.0.1 until SIGINT/SIGTERM. */
export const runCodSimulator: CommandRun = async (ctx, args) => {
  const apiPort = port(args, "port");
  const adminPort = port(args, "admin-port");
  const dataDir = resolve(args.get("data") ?? join(ctx.deps.home, "data", "sim-cod"));
  let sim: CodSimulator;
  try {
    sim = await CodSimulator.start({ dataDir, port: apiPort, adminPort, now: () => ctx.clock.now() });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") throw usageError(say(S.portBusy, { port: apiPort || adminPort, detail: code }), error);
    throw error;
  }
  ctx.out(say(S.codListening, { url: sim.url, admin: sim.adminUrl, data: dataDir }));
  await new Promise<void>((done) => {
    const off = ctx.deps.onStopSignal(() => {
      off();
      done();
    });
  });
  await sim.stop();
  ctx.err(say(S.codStopped));
  return 0;
};

/** `agent sim sms`: an SMS gateway (SMSC.ru's API) on 127.0.0.1 until SIGINT/SIGTERM. */
export const runSmsSimulator: CommandRun = async (ctx, args) => {
  const smsPort = port(args, "port");
  let sim: SmsSimulator;
  try {
    sim = await SmsSimulator.start({ port: smsPort, now: () => ctx.clock.now() });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES") throw usageError(say(S.portBusy, { port: smsPort, detail: code }), error);
    throw error;
  }
  ctx.out(say(S.smsListening, { url: sim.url }));
  await new Promise<void>((done) => {
    const off = ctx.deps.onStopSignal(() => {
      off();
      done();
    });
  });
  await sim.stop();
  ctx.err(say(S.smsStopped));
  return 0;
};

/** `agent sim`: the help of the group, which lists the simulators. */
export const listSimulators: CommandRun = async (ctx) => {
  const { COMMANDS } = await import("./commands.ts");
  const { renderCommandHelp } = await import("./help.ts");
  ctx.out(await renderCommandHelp(COMMANDS.find((c) => c.path.length === 1 && c.path[0] === "sim")!, COMMANDS));
  return 0;
};
