import type { ChannelName, Contract, ParsedRequestOf, ProgressOf, ResponseOf } from '@shared/contract';

/** What a handler gets besides its request: cancellation and a way to report progress. */
export interface ServiceContext<P = unknown> {
  signal: AbortSignal;
  progress: (progress: P) => void;
}

export type Handler<N extends ChannelName> = (
  request: ParsedRequestOf<N>,
  context: ServiceContext<ProgressOf<N>>,
) => Promise<ResponseOf<N>>;

/** One handler per channel, shaped like the contract. */
export type Handlers = {
  [A in keyof Contract]: {
    [M in keyof Contract[A] & string]: Handler<`${A}.${M}` & ChannelName>;
  };
};
