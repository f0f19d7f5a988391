import type { NodemailerError } from "nodemailer/lib/errors";
import { mailTexts as T } from "../messages/areas/mail.ts";
import { say } from "../messages/text.ts";
import { configFailure, type FailedDelivery, permanent, temporary } from "../kernel/delivery-outcome.ts";
import { redactPersonalData } from "../privacy/redact.ts";

/** The request's context for messages: the server (`host:port`), the masked recipient, the timeout. */
export interface FailureContext {
  address: string;
  recipient: string;
  timeoutSeconds: number;
}

/** How much of a server's reply a stored error quotes. */
const QUOTED = 300;

/**
 * An SMTP reply as the agent keeps it: one line, shortened, and with every
 * e-mail address, phone number, name … masked, so that `550 <ivanov@mail.ru>:
 * user unknown` is stored as `550 <i***@mail.ru>: user unknown`. This is the
 * point where a reply enters the agent (152-ФЗ).
 */
export function redactReply(reply: string | undefined): string {
  return redactPersonalData((reply ?? "").replace(/\s+/g, " ").trim().slice(0, QUOTED));
}

const TLS_CERT = /CERT|SELF_SIGNED|UNABLE_TO|DEPTH_ZERO|HOSTNAME|ALTNAME|ERR_TLS|ERR_SSL|EPROTO|certificate|handshake/i;

/**
 * What a failed send means for the queue. RFC 5321: a 5yz reply is a
 * permanent refusal, a 4yz one transient; which command it answered says
 * whether it is about this recipient (RCPT), this message (DATA), or the
 * agent's own account (MAIL FROM, AUTH), which is a configuration matter that
 * must not use up the patient's attempts.
 */
export function classifySmtpFailure(error: NodemailerError, ctx: FailureContext): FailedDelivery {
  const reply = redactReply(error.response);
  const code = error.responseCode;
  const command = (error.command ?? "").toUpperCase();
  const original = error.originalCode ?? "";
  const detail = redactReply(original || String(error.code ?? error.message));
  const isPermanent = error.permanent === true || (code !== undefined && code >= 500 && code !== 503);

  switch (error.code) {
    case "EAUTH":
    case "ENOAUTH":
      return configFailure(say(T.authFailed, { reply: reply || detail }));
    case "ETLS":
      return configFailure(say(T.tlsFailed, { address: ctx.address, detail: reply || redactReply(error.message) }));
    case "EDNS":
      return temporary(say(T.unknownHost, { address: ctx.address }), { mayHaveBeenSent: false, channelDown: true });
    case "EENVELOPE": {
      if (command === "MAIL FROM" && code !== undefined) {
        if (code === 421) break;
        return isPermanent ? configFailure(say(T.senderRejected, { reply })) : temporary(say(T.messageDeferred, { reply }), { mayHaveBeenSent: false, channelDown: true });
      }
      if (code === 530 || /^5\.7\.0/.test(reply.slice(4))) return configFailure(say(T.authFailed, { reply }));
      if (code === undefined) return permanent(say(T.badAddress, { address: ctx.recipient }));
      if (code === 421) break;
      return isPermanent
        ? permanent(say(T.recipientRejected, { address: ctx.recipient, reply }))
        : temporary(say(T.recipientDeferred, { address: ctx.recipient, reply }), { mayHaveBeenSent: false, channelDown: false });
    }
    case "EMESSAGE":
      if (code === undefined) return permanent(say(T.messageRejected, { reply: redactReply(error.message) }));
      if (code === 421) break;
      return isPermanent ? permanent(say(T.messageRejected, { reply })) : temporary(say(T.messageDeferred, { reply }), { mayHaveBeenSent: false, channelDown: false });
  }
  if (code === 421) return temporary(say(T.messageDeferred, { reply }), { mayHaveBeenSent: false, channelDown: true });
  if (error.code === "ETIMEDOUT") {
    // Only a wait that ended after the session was up may have cut a message in flight.
    const midSession = error.timeoutType === "SOCKET_TIMEOUT";
    return temporary(say(T.timeout, { address: ctx.address, seconds: ctx.timeoutSeconds }), { mayHaveBeenSent: midSession, channelDown: true });
  }
  if (TLS_CERT.test(original) || (error.code === "ESOCKET" && TLS_CERT.test(error.message))) {
    return configFailure(say(T.tlsFailed, { address: ctx.address, detail: redactReply(original || error.message) }));
  }
  if (original === "ECONNREFUSED" || original === "EHOSTUNREACH" || original === "ENETUNREACH") {
    return temporary(say(T.refused, { address: ctx.address, detail: original }), { mayHaveBeenSent: false, channelDown: true });
  }
  if (original === "ENOTFOUND" || original === "EAI_AGAIN") {
    return temporary(say(T.unknownHost, { address: ctx.address }), { mayHaveBeenSent: false, channelDown: true });
  }
  if (error.code === "ECONNECTION" || error.code === "ESOCKET") {
    // nodemailer does not say how far the session got; a message may have been in flight,
    // so this counts as possibly sent (which, for SMTP, changes nothing: see the README).
    return temporary(say(T.connectionLost, { address: ctx.address, detail: reply || detail }), { mayHaveBeenSent: true, channelDown: true });
  }
  return temporary(say(T.unexpected, { address: ctx.address, detail: reply || detail }), { mayHaveBeenSent: true, channelDown: true });
}
