/**
 * Checker for `revisions` vectors (TestGetActiveRevisions). Revision content is reduced to "equals the live
 * template or not"; unequal revisions are given distinct contents, as their distinct upstream templates have.
 */
import { getActiveRevisions, type ControllerRevision } from '../../../model/controller/index.js';
import { Fields, InputError } from '../fields.js';
import type { Answer } from './checker.js';

const LIVE = 'live template';
// A created revision is named <cloneset>-<hash of template>, which the model does not compute; any asserted
// name for it therefore fails rather than matching by accident.
const UNNAMED = '<cloneset-name>-<hash of current template>';

export function checkRevisions(input: Fields): Answer {
  const history = input.list('history').map((v, i): ControllerRevision<string> => {
    const h = Fields.of(`${input.at('history')}[${i}]`, v);
    const name = h.string('name');
    const rev = { name, number: h.int('revision', 0), template: h.bool('equalsCurrentTemplate') ? LIVE : `template of ${name}` };
    h.done();
    return rev;
  });
  const names = history.map((r) => r.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError(input.at('history'), `revision name ${JSON.stringify(dup)} listed twice`);
  const r = getActiveRevisions(history, LIVE, () => UNNAMED, input.string('statusCurrentRevision'));
  return { updateRevisionNumber: r.update.number, updateRevisionName: r.update.name, currentRevisionName: r.current.name };
}
