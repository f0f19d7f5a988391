import { createWriteStream, rmSync } from "node:fs";
import { updateTexts as T } from "../../messages/areas/update.ts";
import { platformTexts as P } from "../../messages/areas/platform.ts";
import { say } from "../../messages/text.ts";
import { describeError } from "../../kernel/describe-error.ts";
import { BUILD } from "../../platform/build-info.ts";
import { UPDATE_PUBLIC_KEY } from "../../platform/update-key.ts";
import { compareVersions, signatureValid, type UpdateOffer } from "../../deploy/update-offer.ts";
import { writeTransaction } from "../../deploy/update-transaction.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext, TaskDefinition, UpdateServices } from "../task.ts";
import { updateSource, type UpdateSource } from "./update-source.ts";

/** How long the new binary gets to say its version before it is switched to. */
const PREFLIGHT_MS = 30_000;

type Outcome = { ok: boolean; summary: string };

/**
 * «Обновление … из облака» (TUpdateThread): asks the ЦОД or `update.url`
 * for the newest binary for this platform and CPU level; if it is newer,
 * checks its signature against the key built into this binary, downloads it
 * beside the binary checking size and SHA-256, makes sure it starts here
 * (`agent version`), and — only when no other thread runs — backs up the
 * stores and hands over to the supervisor, which switches binaries and
 * checks the new one (src/deploy/supervisor.ts). Refusals are recorded in
 * the store for the statistics; a version that was rolled back is skipped.
 */
export const selfUpdateTask: TaskDefinition = {
  name: "self-update",
  async run(ctx) {
    let outcome: Outcome = { ok: false, summary: "" };
    const state = await ctx.thread("TUpdateThread", async (thread) => {
      const source = updateSource(ctx.config, { platform: BUILD.updatePlatform, cpu: BUILD.updateCpu, current: BUILD.version });
      try {
        outcome = await update(ctx, thread, source, ctx.services.update());
      } finally {
        source.close();
      }
    });
    if (state !== "finished") return { ok: false, summary: outcome.summary || say(T.summaryFailed) };
    return outcome;
  },
};

async function update(ctx: TaskContext, thread: ThreadHandle, source: UpdateSource, services: UpdateServices): Promise<Outcome> {
  const current = BUILD.version;
  thread.log.info(say(T.asking, { source: source.name, platform: BUILD.updatePlatform, cpu: BUILD.updateCpu, current }));
  const offer = await source.latest(thread.signal);
  if (!offer) {
    thread.log.info(say(T.noneOffered));
    return { ok: true, summary: say(T.summaryUpToDate, { version: current }) };
  }
  if (compareVersions(offer.version, current) <= 0) {
    thread.log.info(say(T.notNewer, { offered: offer.version, current }));
    return { ok: true, summary: say(T.summaryUpToDate, { version: current }) };
  }
  const rolledBack = services.history.wasRolledBack(offer.version);
  if (rolledBack) {
    thread.log.warn(say(T.skipRolledBack, { version: offer.version, when: new Date(rolledBack.at).toISOString().slice(0, 16).replace("T", " ") }));
    return { ok: true, summary: say(T.summarySkipped, { version: offer.version }) };
  }
  const refuse = (reason: string, detail: string): Outcome => {
    services.history.record({ at: ctx.clock.now(), fromVersion: current, toVersion: offer.version, result: "refused", reason, detail });
    thread.log.error(say(T.refused, { version: offer.version, detail }));
    return { ok: false, summary: say(T.summaryRefused, { version: offer.version, reason }) };
  };
  if (offer.platform !== BUILD.updatePlatform || offer.cpu !== BUILD.updateCpu) {
    return refuse("platform", say(T.wrongPlatform, { offered: `${offer.platform}/${offer.cpu}`, wanted: `${BUILD.updatePlatform}/${BUILD.updateCpu}` }));
  }
  if (!signatureValid(offer, UPDATE_PUBLIC_KEY)) return refuse("signature", say(T.badSignature));
  thread.log.info(say(T.offered, { version: offer.version, mb: (offer.size / 1048576).toFixed(1) }));

  if (!services.binary || !services.paths) {
    thread.log.warn(say(T.fromSource, { version: offer.version }));
    return { ok: false, summary: say(T.summaryNotApplied, { version: offer.version }) };
  }
  if (!services.supervised) {
    thread.log.warn(say(T.notSupervised, { version: offer.version }));
    return { ok: false, summary: say(T.summaryNotApplied, { version: offer.version }) };
  }
  const paths = services.paths;

  // Download beside the binary, checking size and hash as the bytes arrive.
  const hasher = new Bun.CryptoHasher("sha256");
  let received = 0;
  rmSync(paths.staged, { force: true });
  const file = createWriteStream(paths.staged, { mode: 0o700 });
  // "close", not "finish": a file still open for writing cannot be executed (ETXTBSY) by the pre-flight below.
  const written = new Promise<void>((resolve, reject) => {
    file.on("close", resolve);
    file.on("error", reject);
  });
  // A write error (a full disk) is awaited below; until then it must not count as unhandled.
  written.catch(() => {});
  try {
    await source.download(
      offer,
      async (chunk) => {
        hasher.update(chunk);
        received += chunk.byteLength;
        if (!file.write(chunk)) await Promise.race([new Promise((r) => file.once("drain", r)), written]);
        thread.progress(Math.floor(received / 1048576), Math.ceil(offer.size / 1048576));
        thread.checkpoint();
      },
      thread.signal,
    );
    file.end();
    await written;
  } catch (error) {
    file.destroy();
    rmSync(paths.staged, { force: true });
    if ((error as NodeJS.ErrnoException).code === "ENOSPC") throw new Error(say(P.diskFull, { what: paths.staged }), { cause: error });
    throw error;
  }
  const sha256 = hasher.digest("hex");
  const discard = () => rmSync(paths.staged, { force: true });
  if (received !== offer.size) {
    discard();
    return refuse("size", say(T.wrongSize, { got: received, expected: offer.size }));
  }
  if (sha256 !== offer.sha256) {
    discard();
    return refuse("checksum", say(T.badChecksum, { got: sha256, expected: offer.sha256 }));
  }
  thread.log.info(say(T.downloaded, { version: offer.version, sha256: sha256.slice(0, 16) }));

  const preflight = await startsHere(paths.staged, offer.version);
  if (preflight) {
    discard();
    return refuse("preflight", say(T.preflightFailed, { detail: preflight }));
  }

  // Never while another thread works: the switch stops the service.
  const hold = services.quiesce(ctx.runId);
  if (hold.others.length > 0) {
    hold.resume();
    discard();
    thread.log.warn(say(T.postponed, { version: offer.version, threads: hold.others.join(", ") }));
    return { ok: false, summary: say(T.summaryPostponed, { version: offer.version }) };
  }
  try {
    const stores = services.backupStores(paths.backupDir);
    writeTransaction(paths.transaction, {
      state: "prepared",
      from: current,
      to: offer.version,
      binary: services.binary,
      staged: paths.staged,
      previous: paths.previous,
      sha256,
      stores,
      preparedAt: ctx.clock.now(),
    });
  } catch (error) {
    hold.resume();
    discard();
    throw new Error(say(T.prepareFailed, { detail: describeError(error) }), { cause: error });
  }
  services.restartAfterRun(ctx.runId);
  thread.log.info(say(T.prepared, { from: current, to: offer.version }));
  return { ok: true, summary: say(T.summaryPrepared, { from: current, to: offer.version }) };
}

/** Runs `<binary> version`: the new binary must start on this machine and say the offered version. Answers what went wrong, if anything. */
async function startsHere(binary: string, version: string): Promise<string | undefined> {
  try {
    const p = Bun.spawn([binary, "version"], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...process.env, AGENT_LANGUAGE: "en" } });
    const timer = setTimeout(() => p.kill("SIGKILL"), PREFLIGHT_MS);
    const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    clearTimeout(timer);
    if (code !== 0) return `exit code ${code}: ${(err || out).trim().slice(0, 300)}`;
    if (!out.split(/\s+/).includes(version)) return `it says "${out.trim().slice(0, 200)}"`;
    return undefined;
  } catch (error) {
    return describeError(error);
  }
}

export type { UpdateOffer };
