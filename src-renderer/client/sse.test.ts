import { describe, expect, it } from 'vitest';
import { EventStreamParser } from './sse';

describe('EventStreamParser', () => {
  it('reads progress events and the final result', () => {
    const parser = new EventStreamParser();
    const events = parser.push(
      'event: progress\ndata: {"done":1}\n\nevent: result\ndata: {"ok":true,"value":3}\n\n',
    );
    expect(events).toEqual([
      { event: 'progress', data: '{"done":1}' },
      { event: 'result', data: '{"ok":true,"value":3}' },
    ]);
  });

  it('joins events split across chunks, including a \\r\\n split between chunks', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: res')).toEqual([]);
    expect(parser.push('ult\r')).toEqual([]);
    expect(parser.push('\ndata: {"ok":')).toEqual([]);
    expect(parser.push('true}\r\n\r\n')).toEqual([{ event: 'result', data: '{"ok":true}' }]);
  });

  it('joins multi-line data, skips comments and defaults the event name', () => {
    const parser = new EventStreamParser();
    const events = parser.push(': keep-alive\n\ndata: a\ndata:b\n\n');
    expect(events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('drops an event that never got its blank line', () => {
    const parser = new EventStreamParser();
    expect(parser.push('event: result\ndata: {}')).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});
