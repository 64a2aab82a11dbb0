import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { MessageCenterRouter } from './generated/router.js';

export type { AppCode, DiagnosticCode, MessageCenterRouter, ServerErrorShape, VariableDiagnosticCode } from './generated/router.js';

/** Input of every procedure: `RouterInputs['messages']['list']`. */
export type RouterInputs = inferRouterInputs<MessageCenterRouter>;
/** Output of every procedure: `RouterOutputs['messages']['list']`. */
export type RouterOutputs = inferRouterOutputs<MessageCenterRouter>;

type EventsOutput = MessageCenterRouter['realtime']['events']['_def']['$types']['output'];

/** One event of the live stream (`realtime.events`), discriminated by `type`. */
export type RealtimeEvent = EventsOutput extends AsyncIterable<{ data: infer E }, void, unknown> ? E : never;
/** A message as the live stream delivers it: the message plus the user's state of it. */
export type LiveMessage = Extract<RealtimeEvent, { type: 'MESSAGE' }>['message'];
/** A message as `messages.list` returns it. */
export type InboxMessage = RouterOutputs['messages']['list']['items'][number];
