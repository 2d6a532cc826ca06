/**
 * A minimal, incremental parser for the text/event-stream the loopback bridge answers with
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 * We cannot use EventSource: it only does GET and cannot send the token header or a body.
 */
export interface ServerEvent {
  event: string;
  data: string;
}

export class EventStreamParser {
  private buffer = '';
  private event = '';
  private data: string[] = [];

  /** Feeds a decoded chunk; returns the events it completed. */
  push(chunk: string): ServerEvent[] {
    this.buffer += chunk;
    const events: ServerEvent[] = [];
    // Lines end with \n, \r\n or \r; a chunk may stop in the middle of a line (or between \r and \n),
    // so the unfinished tail stays in the buffer.
    for (;;) {
      const match = /\r\n|\n|\r/.exec(this.buffer);
      if (!match) break;
      // A lone \r at the very end may be the first half of \r\n: wait for the next chunk.
      if (match[0] === '\r' && match.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const completed = this.line(line);
      if (completed) events.push(completed);
    }
    return events;
  }

  /** The stream ended: an event without its closing blank line is dropped, as the spec says. */
  end(): ServerEvent[] {
    this.buffer = '';
    this.event = '';
    this.data = [];
    return [];
  }

  private line(line: string): ServerEvent | null {
    if (line === '') {
      if (this.data.length === 0) {
        this.event = '';
        return null;
      }
      const completed = { event: this.event || 'message', data: this.data.join('\n') };
      this.event = '';
      this.data = [];
      return completed;
    }
    if (line.startsWith(':')) return null; // a comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.event = value;
    else if (field === 'data') this.data.push(value);
    return null;
  }
}
