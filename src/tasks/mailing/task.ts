import { mailingTexts as T } from "../../messages/areas/mailing.ts";
import { say } from "../../messages/text.ts";
import { configFailure, type DeliveryOutcome, type FailedDelivery } from "../../kernel/delivery-outcome.ts";
import { TokenBucket } from "../../kernel/token-bucket.ts";
import { formatManual } from "../../kernel/zoned-time.ts";
import { maskEmail, maskPhone } from "../../privacy/redact.ts";
import { abortableSleep } from "../../net/backoff.ts";
import type { MailingRequest, MainDb } from "../../clinic/port.ts";
import { type MailSender, mailSenderFromConfig } from "../../mail/mail-sender.ts";
import { type SmsSender, smsSenderFromConfig } from "../../sms/sms-sender.ts";
import { SmsError } from "../../sms/sms-gateway.ts";
import { quietHours, smsSendWindow } from "../../sms/quiet-hours.ts";
import type { ThreadHandle } from "../../threads/thread-manager.ts";
import type { TaskContext, TaskDefinition } from "../task.ts";
import { queueStep, stopsChannel } from "./queue-step.ts";

/** Requests read from the queue at a time. */
const PAGE = 100;
/** Requests left in "sending" that one run reconciles at most (the rest wait for the next run). */
const IN_FLIGHT_LIMIT = 1000;
/** SMSC.ru's message numbers are 1…2^31−1: the queue item's number must fit. */
const MAX_SMS_ID = 2_147_483_647;

type Channel = "email" | "sms";

/** What a run did, for the log's closing line and the run's summary. */
interface Tally {
  email: number;
  sms: number;
  retry: number;
  failed: number;
  /** Left in the queue after the run (queued + sending); undefined if the run ended before it could count. */
  left?: number;
  waiting?: number;
}

/**
 * The balance warning is said once, and again only after a balance that was
 * not low (the account was topped up): the service keeps this across runs.
 */
let lowBalanceWarned = false;

/**
 * «Рассылка почты и смс» (thread TSendRasThread): sends what is due in the
 * main DB's mailing queue by e-mail and SMS and records each outcome, so
 * that a message is never lost and never sent twice where the channel can
 * tell (README, "Mailing"):
 * 1. with `mailing.enqueue_results_hours` set, queues final results of
 *    consenting patients that the MIS did not queue;
 * 2. reconciles what a previous run left in "sending" (SMS: the gateway's
 *    status call; e-mail: sent again with the same Message-ID);
 * 3. sends each due request: queued → sending → sent / retry / failed, both
 *    channels side by side, each at its own rate, SMS outside quiet hours; a
 *    channel that is misconfigured or down stops for the rest of the run.
 */
export const mailingTask: TaskDefinition = {
  name: "mailing",
  async run(ctx) {
    const tally: Tally = { email: 0, sms: 0, retry: 0, failed: 0 };
    let ok = false;
    const state = await ctx.thread("TSendRasThread", async (thread) => {
      thread.log.info(say(T.started));
      try {
        ok = await new MailingRun(ctx, thread, tally).run();
      } finally {
        thread.log.info(say(T.stopped));
      }
    });
    const summary = say(T.summary, { email: tally.email, sms: tally.sms, failed: tally.failed, left: tally.left ?? "?" });
    return { ok: state === "finished" && ok, summary };
  },
};

class MailingRun {
  private db!: MainDb;
  /** The instant the run started: what is due is due at this time (retries set later wait for a later run). */
  private readonly startedAt: number;
  /** Something kept this run from its work (a channel down or misconfigured): `--once` exits 1. */
  private problem = false;
  private done = 0;
  private total = 0;

  constructor(
    private readonly ctx: TaskContext,
    private readonly thread: ThreadHandle,
    private readonly tally: Tally,
  ) {
    this.startedAt = ctx.clock.now();
  }

  async run(): Promise<boolean> {
    const { config } = this.ctx;
    this.db = await this.ctx.services.mainDb();
    const hours = config.mailing.enqueue_results_hours;
    if (hours > 0) {
      const count = await this.db.mailing.enqueueFinalResults({ since: new Date(this.startedAt - hours * 3600_000), at: new Date(this.startedAt) });
      if (count > 0) this.thread.log.info(say(T.enqueued, { count, hours }));
    }
    const mail = mailSenderFromConfig(config);
    const sms = smsSenderFromConfig(config, { warn: (message) => this.warnLowBalance(message) });
    try {
      await this.reconcile(mail, sms);
      const counts = await this.db.mailing.counts(new Date(this.startedAt));
      this.total = counts.email.due + counts.sms.due;
      this.thread.progress(0, this.total);
      // Both channels at once, each at its own pace; a cancel stops both at their next message.
      const ends = await Promise.allSettled([this.emailChannel(mail, counts.email.due), this.smsChannel(sms, counts.sms.due)]);
      const failure = ends.find((e) => e.status === "rejected");
      if (failure) throw (failure as PromiseRejectedResult).reason;
    } finally {
      mail?.close();
      sms?.close();
    }
    const after = await this.db.mailing.counts(new Date(this.ctx.clock.now()));
    this.tally.left = after.email.queued + after.email.sending + after.sms.queued + after.sms.sending;
    this.tally.waiting = after.email.queued - after.email.due + (after.sms.queued - after.sms.due);
    this.thread.log.info(say(T.finished, { ...this.tally, left: this.tally.left, waiting: this.tally.waiting }));
    return !this.problem;
  }

  // ---- never twice: what a previous run left in "sending" ----------------------------------

  private async reconcile(mail: MailSender | undefined, sms: SmsSender | undefined): Promise<void> {
    const stuck = await this.db.mailing.inFlight(IN_FLIGHT_LIMIT);
    let gatewayAnswers = true;
    for (const r of stuck) {
      this.thread.checkpoint();
      const address = masked(r);
      const again = { reason: r.lastError, nextAt: new Date(this.resumeAt(r)), counted: false };
      if (r.channel === "email") {
        if (!mail) continue;
        await this.db.mailing.markRetry(r.id, again);
        this.thread.log.warn(say(T.resendSame, { channel: "email", id: String(r.id), address, messageId: mail.messageId(this.key(r)) }));
        continue;
      }
      if (!sms || !gatewayAnswers) continue;
      const number = smsNumber(r.id);
      if (number === undefined) {
        await this.fail(r, say(T.smsIdOutOfRange, { id: String(r.id) }), false);
        continue;
      }
      let verdict;
      try {
        verdict = await sms.reconcile({ id: number, phone: r.address });
      } catch (error) {
        if (!(error instanceof SmsError)) throw error;
        // The gateway cannot be asked now: every other text left "sending" waits too, never resent on a guess.
        this.thread.log.warn(say(T.reconcileFailed, { id: String(r.id), address, reason: error.message }));
        this.problem = true;
        gatewayAnswers = false;
        continue;
      }
      if (verdict.verdict === "sent") {
        await this.db.mailing.markSent(r.id, { at: new Date(this.ctx.clock.now()), messageId: String(number), counted: r.attempts === 0 });
        this.thread.log.info(say(T.reconciledSent, { id: String(r.id), address, state: verdict.status.state }));
      } else if (verdict.verdict === "failed") {
        // Taken, and the gateway says it will never arrive: failed for good, never "sent".
        await this.fail(r, verdict.reason, r.attempts === 0);
      } else if (verdict.verdict === "not-sent") {
        // Never taken: a try like any other, within the attempts allowed, after the pause its failure earned.
        if (r.attempts >= this.ctx.config.mailing.max_attempts) {
          await this.fail(r, say(T.attemptsExhausted, { attempts: r.attempts, reason: r.lastError ?? "" }), false);
          continue;
        }
        await this.db.mailing.markRetry(r.id, again);
        if (again.nextAt.getTime() > this.startedAt) {
          this.tally.retry++;
          this.thread.log.info(say(T.reconciledNotSentLater, { id: String(r.id), address, at: formatManual(again.nextAt.getTime(), this.ctx.config.timezone) }));
        } else this.thread.log.info(say(T.reconciledNotSent, { id: String(r.id), address }));
      } else {
        // A gateway without a status call: as for e-mail, sent again under the same number (after its pause).
        await this.db.mailing.markRetry(r.id, again);
        this.thread.log.warn(say(T.resendSame, { channel: "sms", id: String(r.id), address, messageId: `№ ${number}` }));
      }
    }
  }

  /**
   * When a request left "sending" may go again: at once after a crash, or, after a failure that may
   * have reached the remote (a gateway's 5xx, a timeout), not before the retry time that failure set.
   */
  private resumeAt(r: MailingRequest): number {
    const at = r.nextAt?.getTime();
    return at !== undefined && at > this.startedAt ? at : this.startedAt;
  }

  // ---- the channels ------------------------------------------------------------------------

  private async emailChannel(mail: MailSender | undefined, due: number): Promise<void> {
    if (due === 0) return;
    if (!mail) return this.notConfigured("email", due, "mail.host");
    const problem = await mail.check();
    if (problem) return this.channelStops("email", problem);
    const bucket = new TokenBucket(this.ctx.config.mail.per_minute, this.ctx.clock);
    await this.eachDue("email", async (r) => {
      if (r.consent === "none") return this.fail(r, say(T.noConsent, { channel: "email" }), false);
      // The result's PDF goes only to a patient who consented to documents by e-mail.
      const pdf = r.consent === "documents" && r.analysisDocId !== null ? await this.db.mailing.resultPdf(r.analysisDocId) : undefined;
      await bucket.take((ms) => this.pause(ms));
      if (!(await this.db.mailing.markSending(r.id))) return true;
      const outcome = await mail.send({ to: r.address, key: this.key(r), attachment: pdf && { content: pdf.pdf } });
      return this.record(r, outcome, pdf ? say(T.withPdf) : "");
    });
  }

  private async smsChannel(sms: SmsSender | undefined, due: number): Promise<void> {
    if (due === 0) return;
    if (!sms) return this.notConfigured("sms", due, "sms.url");
    const { config, clock } = this.ctx;
    const quiet = quietHours(config.sms.quiet_hours, config.timezone);
    let waiting = due;
    const quietNow = (): boolean => {
      const window = smsSendWindow(quiet, clock.now());
      if (window.allowed) return false;
      this.thread.log.info(say(T.quietHours, { range: config.sms.quiet_hours, count: waiting, until: formatManual(window.nextAt, config.timezone) }));
      return true;
    };
    if (quietNow()) return;
    try {
      const balance = await sms.balance();
      if (balance) {
        this.thread.log.debug(say(T.balance, { provider: sms.gateway.provider, balance: balance.amount.toFixed(2), currency: balance.currency }));
        if (!balance.low) lowBalanceWarned = false;
      }
    } catch (error) {
      if (!(error instanceof SmsError)) throw error;
      if (error.kind === "config") return this.channelStops("sms", configFailure(error.message));
      this.thread.log.warn(say(T.balanceUnknown, { reason: error.message }));
    }
    const bucket = new TokenBucket(config.sms.per_minute, clock);
    await this.eachDue("sms", async (r) => {
      if (quietNow()) return false;
      waiting--;
      if (r.consent === "none") return this.fail(r, say(T.noConsent, { channel: "sms" }), false);
      const number = smsNumber(r.id);
      if (number === undefined) return this.fail(r, say(T.smsIdOutOfRange, { id: String(r.id) }), false);
      await bucket.take((ms) => this.pause(ms));
      if (!(await this.db.mailing.markSending(r.id))) return true;
      const outcome = await sms.send({ id: number, phone: r.address });
      return this.record(r, outcome, outcome.kind === "sent" && outcome.parts ? say(T.smsParts, { parts: outcome.parts }) : "");
    });
  }

  /** Walks the channel's due requests in id order; `handle` answers whether to go on with the channel. */
  private async eachDue(channel: Channel, handle: (r: MailingRequest) => Promise<boolean>): Promise<void> {
    let afterId: string | number = 0;
    for (;;) {
      const page = await this.db.mailing.due({ channel, now: new Date(this.startedAt), afterId, limit: PAGE });
      if (page.length === 0) return;
      for (const r of page) {
        this.thread.checkpoint();
        afterId = r.id;
        const goOn = await handle(r);
        this.thread.progress(++this.done, this.total);
        if (!goOn) return;
      }
    }
  }

  // ---- outcomes ----------------------------------------------------------------------------

  /** Records how a try ended; answers whether the channel goes on in this run. */
  private async record(r: MailingRequest, outcome: DeliveryOutcome, note: string): Promise<boolean> {
    const { config, clock } = this.ctx;
    const now = clock.now();
    const step = queueStep(outcome, {
      channel: r.channel,
      attemptsBefore: r.attempts,
      maxAttempts: config.mailing.max_attempts,
      firstPauseMs: config.mailing.retry_pause_minutes * 60_000,
      now,
    });
    const item = { channel: r.channel, id: String(r.id), address: masked(r) };
    switch (step.to) {
      case "sent":
        await this.db.mailing.markSent(r.id, { at: new Date(now), messageId: step.messageId });
        this.tally[r.channel]++;
        this.thread.log.info(say(T.sent, { ...item, note }));
        if (outcome.kind === "sent" && outcome.warning) this.thread.log.warn(outcome.warning);
        break;
      case "retry":
        await this.db.mailing.markRetry(r.id, { reason: step.reason, nextAt: new Date(step.nextAt), counted: step.counted });
        if (!step.counted) break; // a config failure: the channel's line says it once
        this.tally.retry++;
        if (step.uncertain) this.thread.log.warn(say(T.mayHaveGone, { ...item, reason: step.reason }));
        this.thread.log.warn(say(T.retryLater, { ...item, reason: step.reason, attempt: r.attempts + 1, max: config.mailing.max_attempts, at: formatManual(step.nextAt, config.timezone) }));
        break;
      case "uncertain":
        await this.db.mailing.markUncertain(r.id, { reason: step.reason, nextAt: new Date(step.nextAt) });
        this.tally.retry++;
        this.thread.log.warn(say(T.mayHaveGone, { ...item, reason: step.reason }));
        break;
      case "failed":
        await this.fail(r, step.exhausted ? say(T.attemptsExhausted, { attempts: r.attempts + 1, reason: step.reason }) : step.reason, true);
        break;
    }
    if (outcome.kind === "sent" || !stopsChannel(outcome)) return true;
    this.channelStops(r.channel, outcome);
    return false;
  }

  /** Gives a request up for good, with its reason (stored and logged; addresses in it are masked). */
  private async fail(r: MailingRequest, reason: string, counted: boolean): Promise<true> {
    await this.db.mailing.markFailed(r.id, reason, { counted });
    this.tally.failed++;
    this.thread.log.warn(say(T.failed, { channel: r.channel, id: String(r.id), address: masked(r), reason }));
    return true;
  }

  private channelStops(channel: Channel, outcome: FailedDelivery): void {
    this.problem = true;
    if (outcome.kind === "config") this.thread.log.error(say(T.channelStopped, { channel, reason: outcome.reason }));
    else this.thread.log.warn(say(T.channelDown, { channel, reason: outcome.reason }));
  }

  private notConfigured(channel: Channel, count: number, setting: string): void {
    this.problem = true;
    this.thread.log.warn(say(T.notConfigured, { channel, count, setting }));
  }

  private warnLowBalance(message: string): void {
    if (lowBalanceWarned) return;
    lowBalanceWarned = true;
    this.thread.log.warn(message);
  }

  /** The e-mail's stable key: its Message-ID is `<key@domain-of-mail.from>` on every try. */
  private key(r: MailingRequest): string {
    return `${this.ctx.config.instance}-q${r.id}`;
  }

  /** A rate limit's wait that a cancel cuts short (the checkpoint then ends the thread). */
  private async pause(ms: number): Promise<void> {
    await abortableSleep(ms, this.thread.signal).catch(() => undefined);
    this.thread.checkpoint();
  }
}

/** The address as the log and the stored reasons may show it. */
function masked(r: MailingRequest): string {
  return r.channel === "email" ? maskEmail(r.address) : maskPhone(r.address);
}

/** The queue item's number as the SMS gateway's message number, when it fits. */
function smsNumber(id: string | number): number | undefined {
  const n = Number(id);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SMS_ID ? n : undefined;
}
