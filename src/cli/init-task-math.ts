import {
  chatPrompt,
  datasetSection,
  hbs,
  jsVar,
  modelsSection,
  type SuiteSpec,
  suiteFile,
  verdictSection,
} from './init-yaml.js';
import { BLANK, comment, dq, literal, map, seq } from './init-yaml-nodes.js';

export const MATH_EXAMPLE = {
  file: 'csv',
  text: `id,question,answer
m1,"A baker makes 24 muffins and sells 17. How many muffins are left?",7
m2,"Tickets cost 12 dollars each. How much do 5 tickets cost in dollars?",60
m3,"Sara reads 15 pages a day. How many pages does she read in 2 weeks?",210
m4,"A train travels 180 km in 3 hours. What is its average speed in km per hour?",60
m5,"Tom has 3 boxes of 8 pencils and gives away 10 pencils. How many pencils does he have left?",14
m6,"A shirt costs 40 dollars and is 25% off. What is the sale price in dollars?",30
`,
} as const;

/** Word problems: reasoning allowed, scored on the final number only. */
export function mathSuite(spec: SuiteSpec): string {
  const d = spec.data;
  const code = `const NUM = /(?<![\\d.])-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|(?<![\\d.])-?\\d+(?:\\.\\d+)?/g;
const lastNumber = (text) => { const all = String(text).match(NUM); return all ? all[all.length - 1] : null; };
// The right answer: the number after "####" (GSM8K's worked solutions), else the column's last number.
const gold = String(${jsVar(d.expected)});
const wantText = lastNumber(gold.includes('####') ? gold.slice(gold.lastIndexOf('####')) : gold);
if (wantText === null) return { pass: false, score: 0, reason: 'no number in the expected answer: ' + gold };
const want = Number(wantText.replace(/,/g, ''));
const text = String(output);
const at = text.toLowerCase().lastIndexOf('answer:');
const picked = (at >= 0 ? lastNumber(text.slice(at)) : null) ?? lastNumber(text);
if (picked === null) return { pass: false, score: 0, reason: 'no number in the reply; want ' + want };
const got = Number(picked.replace(/,/g, ''));
const pass = Math.abs(got - want) < 1e-9;
return { pass, score: pass ? 1 : 0, reason: 'final number ' + got + (pass ? ' equals ' : ' is not ') + want };`;
  const description = `Solve each ${d.input} step by step; scored on the final number against ${d.expected}.`;
  return suiteFile(spec, 'math word problems', description, [
    ...datasetSection(
      spec,
      `The prompt sends ${hbs(d.input)}; the right answer is the (last) number in ${hbs(d.expected)}.`,
    ),
    BLANK,
    [
      'prompts',
      chatPrompt(
        'solve',
        'Solve the problem. Think step by step, showing your working briefly. End with a final line of the form "Answer: <number>", giving the number only, without units.',
        dq(hbs(d.input)),
        comment(
          `Reasoning first, answer last: models solve far more problems when they may write the steps
out, and the fixed last line makes the answer easy to find.`,
        ),
      ),
    ],
    ...modelsSection(spec, {
      maxTokens: 512,
      maxTokensWhy: 'room for the working; a rambling answer is cut off',
    }),
    comment(
      `Final-number match in plain JavaScript (\`output\` is the reply, \`context.vars\` the row): the number
after the last "Answer:", else the reply's last number (lm-evaluation-harness's "flexible extract").
Commas are dropped and numbers compared by value, so "1,000.0" equals 1000.`,
      { blank: true },
    ),
    ['assert', seq(map(['type', 'javascript'], ['metric', 'final-number'], ['value', literal(`${code}\n`)]))],
    ...verdictSection(spec, {
      margin: '5%',
      marginWhy: 'Switch when the candidate scores within 5% (relative) of the baseline.',
    }),
    comment('Worked answers from a small model on modest hardware can take a while: two minutes a call.'),
    ['timeoutMs', 120000],
  ]);
}
