import { describe, expect, it } from 'vitest';
import { joinPath, newProjectTarget, numberedName } from './project-paths';

describe('project paths', () => {
  it('puts a bare name in the projects folder with the .tenure extension', () => {
    expect(newProjectTarget('  Acme Q3 ', '/home/ana/Tenure')).toEqual({
      path: '/home/ana/Tenure/Acme Q3.tenure',
      name: 'Acme Q3',
    });
  });

  it('keeps Windows separators and replaces characters a file name cannot hold', () => {
    expect(newProjectTarget('Q3: churn?', 'C:\\Users\\ana\\Documents\\Tenure\\')).toEqual({
      path: 'C:\\Users\\ana\\Documents\\Tenure\\Q3- churn-.tenure',
      name: 'Q3: churn?',
    });
  });

  it('takes a typed path as it is, adding the extension only when missing', () => {
    expect(newProjectTarget('/tmp/x/acme', '/home/ana/Tenure')).toEqual({
      path: '/tmp/x/acme.tenure',
      name: 'acme',
    });
    expect(newProjectTarget('/tmp/x/acme.tenure', '/p')).toEqual({
      path: '/tmp/x/acme.tenure',
      name: 'acme',
    });
    expect(newProjectTarget('   ', '/p')).toBeNull();
    expect(newProjectTarget('/tmp/x/.tenure', '/p')).toBeNull();
  });

  it('numbers further candidates', () => {
    expect(numberedName('Telco sample', 1)).toBe('Telco sample');
    expect(numberedName('Telco sample', 2)).toBe('Telco sample 2');
    expect(joinPath('/a/', 'b')).toBe('/a/b');
  });
});
