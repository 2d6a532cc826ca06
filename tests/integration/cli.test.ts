import { describe, expect, it } from 'vitest';
import { channelNames } from '@shared/contract';
import { fakeDispatch } from './fake-handlers';
import { runCli } from './cli-harness';

/** The CLI over fake handlers: argument handling, output streams and exit codes. */
function fake() {
  const { dispatch, probe } = fakeDispatch();
  let closed = 0;
  return { probe, connect: () => ({ dispatch, close: async () => void closed++ }), closed: () => closed };
}

describe('tenure CLI: usage', () => {
  it('prints help on stdout for --help and help <command>, and on stderr with exit 2 for no command', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('tenure COMMAND');
    const importHelp = await runCli(['help', 'import']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('--map ROLE=COLUMN');
    const callHelp = await runCli(['call', '--help']);
    for (const name of channelNames) expect(callHelp.stdout).toContain(name);
    const none = await runCli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage');
  });

  it.each([
    [['frobnicate'], 'There is no command "frobnicate"'],
    [['help', 'frobnicate'], 'There is no command "frobnicate"'],
    [['new'], 'new needs a project file'],
    [['new', 'a.tenure', 'b.tenure'], 'Unexpected argument "b.tenure"'],
    [['new', 'a.tenure', '--colour', 'red'], "Unknown option '--colour'"],
    [['call'], 'call needs a channel name'],
    [['call', 'nope.nothing'], 'There is no channel "nope.nothing"'],
    [['call', 'app.info', '{not json'], 'The request is not valid JSON'],
    [['import', 'p.tenure'], 'import needs a project and a file'],
    [['import', 'p.tenure', 'f.csv'], '--kind customers'],
    [['import', 'p.tenure', 'f.csv', '--kind', 'orders'], 'is not a kind of data'],
    [['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--map', 'colour=x'], '"colour" is not a role'],
    [['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--map', 'id'], '--map takes ROLE=COLUMN'],
    [['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--map', 'id=a', '--map', 'id=b'], 'given twice'],
    [
      ['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--type', 'age=number'],
      '"number" is not a type',
    ],
    [
      ['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--tenure-unit', 'fortnights'],
      '--tenure-unit takes',
    ],
    [
      ['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--delimiter', ';;'],
      '--delimiter takes one character',
    ],
    [
      ['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--encoding', 'ebcdic'],
      'is not one Tenure reads',
    ],
    [['import', 'p.tenure', 'f.csv', '--kind', 'customers', '--decimal', ';'], '--decimal takes'],
    [['serve', 'p.tenure', '--port', 'eighty'], '--port takes a port number'],
  ])('exits 2 with a message for %j', async (argv, message) => {
    const { connect, probe } = fake();
    const outcome = await runCli(argv, { connect });
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toContain(`tenure: `);
    expect(outcome.stderr).toContain(message);
    expect(probe.received).toEqual([]);
  });
});

describe('tenure CLI: calls', () => {
  it('prints a call result as JSON on stdout and exits 0', async () => {
    const { connect, closed } = fake();
    const outcome = await runCli(['call', 'project.create', '{"path":"/tmp/x.tenure","name":"X"}'], {
      connect,
    });
    expect(outcome.code).toBe(0);
    expect(outcome.json()).toMatchObject({ path: '/tmp/x.tenure', name: 'X' });
    expect(outcome.stderr).toBe('');
    expect(closed()).toBe(1);
  });

  it('reads the request from stdin with "-"', async () => {
    const { connect } = fake();
    const outcome = await runCli(['call', 'project.create', '-'], {
      connect,
      stdin: '{"path":"/tmp/in.tenure"}',
    });
    expect(outcome.code).toBe(0);
    expect(outcome.json()).toMatchObject({ path: '/tmp/in.tenure' });
  });

  it('exits 1 with "tenure: <message>" on stderr for an application error, nothing on stdout', async () => {
    const { connect } = fake();
    const outcome = await runCli(['call', 'project.create', '{"path":"/tmp/exists.tenure"}'], { connect });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe('tenure: /tmp/exists.tenure already exists. (/tmp/exists.tenure)\n');
  });

  it('shows file, line and column of a file problem', async () => {
    const { connect } = fake();
    const outcome = await runCli(['overview', 'p.tenure'], { connect });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toBe('tenure: A quote is never closed. (x.csv, line 12, column 3)\n');
  });

  it('exits 1 with INVALID_REQUEST when the channel rejects the payload', async () => {
    const { connect, probe } = fake();
    const outcome = await runCli(['call', 'project.create', '{"path":3}'], { connect });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^tenure: Invalid request for project\.create: path: /);
    expect(probe.received).toEqual([]);
  });

  it('resolves relative project paths against the working directory', async () => {
    const { connect, probe } = fake();
    const outcome = await runCli(['new', 'sub/p.tenure', '--name', 'P'], { connect, cwd: '/work/here' });
    expect(outcome.code).toBe(0);
    expect(probe.received).toEqual([
      { channel: 'project.create', request: { path: '/work/here/sub/p.tenure', name: 'P' } },
    ]);
    expect(outcome.stderr).toBe('Created /work/here/sub/p.tenure.\n');
  });

  it('cancels the running call on Ctrl-C (the signal) and exits 130', async () => {
    const { connect, probe } = fake();
    const controller = new AbortController();
    const running = runCli(
      [
        'call',
        'import.run',
        JSON.stringify({ project: '/p.tenure', path: '/f.csv', kind: 'customers', mapping: { id: 'id' } }),
      ],
      { connect, signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    await probe.importAborted;
    const outcome = await running;
    expect(outcome.code).toBe(130);
    expect(outcome.stdout).toBe('');
    expect(outcome.stderr).toBe('tenure: cancelled.\n');
  });

  it('draws progress on a terminal as one updating line, and nothing when stderr is not a terminal', async () => {
    const request = JSON.stringify({
      project: '/p.tenure',
      path: '/f.csv',
      kind: 'customers',
      mapping: { id: 'id' },
      dryRun: true,
    });
    const tty = await runCli(['call', 'import.run', request], { connect: fake().connect, tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r\x1b[KReading  25%  1 / 4 rows');
    expect(tty.stderr.endsWith('\r\x1b[K')).toBe(true);
    const piped = await runCli(['call', 'import.run', request], { connect: fake().connect });
    expect(piped.stderr).toBe('');
    expect(piped.json()).toMatchObject({ imported: 2 });
  });
});
