/** Suites a person gets wrong, each with what the error must say. Shared by the loader and CLI tests. */
export interface BadSuite {
  name: string;
  files: Record<string, string>;
  /** Substrings the message must contain, including `file:line` where a line is known. */
  expect: string[];
  /** Substrings it must not contain (a wrong cause, a misleading list). */
  reject?: string[];
  /** The `expect` substrings appear in this order (several problems, first in the file first). */
  ordered?: boolean;
}

const DATA = 'id,question,answer\nq1,What is 2+2?,4\nq2,Capital of France?,Paris\n';
const HEAD = `name: demo\ndataset: file://data.csv\nprompts:\n  - "Q: {{question}}"\nbaseline: openai:gpt-4o\n`;

export const BAD_SUITES: BadSuite[] = [
  {
    name: 'batch: true on a model without the Batch API',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - provider: ollama:qwen2.5:0.5b\n    batch: true\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:8', 'candidates[0].batch', "OpenAI's Batch API", 'ollama:'],
  },
  {
    name: 'decide: with an unknown mode',
    files: { 'suite.yaml': `${HEAD}decide:\n  mode: sequentail\n`, 'data.csv': DATA },
    expect: ['suite.yaml:7', 'decide.mode'],
  },
  {
    name: 'YAML syntax error',
    files: {
      'suite.yaml': 'name: demo\nprompts:\n  - "unclosed\nbaseline: openai:gpt-4o\n',
      'data.csv': DATA,
    },
    expect: ['suite.yaml:3', 'YAML syntax error'],
  },
  {
    name: 'unknown key, with a suggestion',
    files: { 'suite.yaml': `${HEAD}candidtes:\n  - ollama:qwen2.5:0.5b\n`, 'data.csv': DATA },
    expect: ['suite.yaml:6', 'unknown key "candidtes"', 'Did you mean "candidates"?'],
  },
  {
    name: 'unknown nested key, with a suggestion',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - provider: ollama:qwen2.5:0.5b\n    optoins:\n      temperature: 0\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:8', 'candidates[0]', 'unknown key "optoins"', 'Did you mean "options"?'],
  },
  {
    name: 'wrong type',
    files: { 'suite.yaml': `${HEAD}repeat: three\n`, 'data.csv': DATA },
    expect: ['suite.yaml:6', 'repeat', 'expected', 'number', 'three'],
  },
  {
    name: 'wrong type deep inside a model',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - provider: ollama:qwen2.5:0.5b\n    options:\n      temperature: hot\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:9', 'candidates[0].options.temperature', 'expected number'],
  },
  {
    name: 'missing dataset file',
    files: { 'suite.yaml': HEAD.replace('data.csv', 'nope.csv') },
    expect: ['dataset file not found', 'nope.csv'],
  },
  {
    name: 'empty dataset',
    files: { 'suite.yaml': HEAD, 'data.csv': 'id,question,answer\n' },
    expect: ['data.csv', 'dataset is empty'],
  },
  {
    name: 'malformed CSV row',
    files: { 'suite.yaml': HEAD, 'data.csv': 'id,question,answer\nq1,What?,4\nq2,only two\nq3,x,y\n' },
    expect: ['data.csv:3', 'malformed CSV row'],
  },
  {
    name: 'malformed JSONL row',
    files: {
      'suite.yaml': HEAD.replace('data.csv', 'data.jsonl'),
      'data.jsonl': '{"id":"q1","question":"a"}\n{"id":"q2","question":"b"}\n{"id":"q3","question":\n',
    },
    expect: ['data.jsonl:3', 'malformed JSONL row'],
  },
  {
    name: 'duplicate row ids',
    files: { 'suite.yaml': HEAD, 'data.csv': 'id,question,answer\nq1,a,1\nq2,b,2\nq1,c,3\n' },
    expect: ['data.csv:4', 'duplicate row id "q1"', 'line 2'],
  },
  {
    name: 'template variable the dataset lacks',
    files: { 'suite.yaml': HEAD.replace('{{question}}', '{{qestion}}'), 'data.csv': DATA },
    expect: ['suite.yaml:4', '{{qestion}}', 'no column "qestion"'],
  },
  {
    name: 'unknown provider prefix',
    files: { 'suite.yaml': `${HEAD}candidates:\n  - olama:qwen2.5:0.5b\n`, 'data.csv': DATA },
    expect: ['suite.yaml:7', 'unknown provider "olama:qwen2.5:0.5b"', '"ollama:"'],
  },
  {
    name: 'gguf:hf: reference naming a repository but no file',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - gguf:hf:aladar/llama-2-tiny-random-GGUF\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:7',
      'candidates[0]',
      '"gguf:hf:aladar/llama-2-tiny-random-GGUF" does not name a GGUF file',
      'no file',
      'gguf:hf:<user>/<repo>/<file>.gguf',
    ],
  },
  {
    name: 'gguf:hf: reference to a file that is not .gguf',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - id: tiny\n    provider: gguf:hf:user/repo/README.md\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:8',
      'candidates[0].provider',
      'does not end in .gguf',
      'gguf:hf:<user>/<repo>/<file>.gguf',
    ],
  },
  {
    name: "gguf:hf: reference with node-llama-cpp's quantization tag, in promptfoo's layout",
    files: {
      'suite.yaml':
        'prompts: ["Q: {{q}}"]\nproviders:\n  - openai:gpt-4o\n  - gguf:hf:bartowski/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M\ntests:\n  - vars: { q: a }\n',
    },
    expect: ['suite.yaml:4', 'providers[1]', 'quantization tag', 'gguf:hf:<user>/<repo>/<file>.gguf'],
  },
  {
    name: 'no model at all',
    files: { 'suite.yaml': HEAD.replace('baseline: openai:gpt-4o\n', ''), 'data.csv': DATA },
    expect: ['suite.yaml', 'names no model', 'baseline:'],
  },
  {
    name: 'unknown assertion type, with a suggestion',
    files: { 'suite.yaml': `${HEAD}assert:\n  - type: icontain\n    value: x\n`, 'data.csv': DATA },
    expect: ['suite.yaml:7', 'unknown assertion type "icontain"', 'Did you mean "icontains"?'],
  },
  {
    name: 'promptfoo assertion type rightsize does not implement',
    files: { 'suite.yaml': `${HEAD}assert:\n  - type: similar\n    value: x\n`, 'data.csv': DATA },
    expect: ['suite.yaml:7', '"similar"', 'does not implement'],
  },
  {
    name: 'regex that does not compile',
    files: { 'suite.yaml': `${HEAD}assert:\n  - type: regex\n    value: "(unclosed"\n`, 'data.csv': DATA },
    expect: ['suite.yaml:8', 'assert[0].value', 'assertion "regex"', 'does not compile', 'fix:'],
  },
  {
    name: 'invalid JSON Schema',
    files: {
      'suite.yaml': `${HEAD}assert:\n  - type: is-json\n    value:\n      type: objekt\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:9', 'assert[0].value', 'JSON Schema is invalid', 'fix:'],
  },
  {
    name: 'javascript assertion that does not parse',
    files: {
      'suite.yaml': `${HEAD}assert:\n  - type: contains\n    value: a\n  - type: javascript\n    value: "output ==="\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:10', 'assert[1].value', 'does not parse'],
  },
  {
    name: 'transform that does not parse',
    files: {
      'suite.yaml': `${HEAD}assert:\n  - type: equals\n    value: "{{answer}}"\n    transform: "output.trim("\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:9', 'assert[0].transform', 'does not parse'],
  },
  {
    name: 'latency assertion without a threshold',
    files: { 'suite.yaml': `${HEAD}assert:\n  - type: latency\n`, 'data.csv': DATA },
    expect: ['suite.yaml:7', 'assert[0].threshold', 'needs a threshold', 'milliseconds'],
  },
  {
    name: 'promptfoo test case with a broken regex',
    files: {
      'suite.yaml': [
        'prompts: ["Q: {{question}}"]',
        'providers: [openai:gpt-4o]',
        'tests:',
        '  - vars: { question: a }',
        '  - vars: { question: b }',
        '    assert:',
        '      - type: contains',
        '        value: b',
        '      - type: not-regex',
        '        value: "[a-"',
        '',
      ].join('\n'),
    },
    expect: ['suite.yaml:10', 'tests[1].assert[1].value', 'assertion "not-regex"', 'does not compile'],
  },
  {
    name: 'CSV __expected regex that does not compile',
    files: {
      'suite.yaml': 'prompts: ["Q: {{question}}"]\nproviders: [openai:gpt-4o]\ntests: file://tests.csv\n',
      'tests.csv': 'question,__expected\na,contains:a\nb,regex:(b\n',
    },
    expect: ['tests.csv:3', 'assertion "regex"', 'does not compile'],
  },
  {
    name: 'misspelt required key (prompts), with a suggestion instead of "is required"',
    files: {
      'suite.yaml': HEAD.replace('prompts:', 'promtps:'),
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:3',
      'unknown key "promtps". Did you mean "prompts"?',
      'rename `promtps:` to `prompts:`',
    ],
    reject: ['required', 'names no model'],
  },
  {
    name: 'misspelt baseline, with a suggestion instead of "names no model"',
    files: {
      'suite.yaml': `${HEAD.replace('baseline:', 'baselin:')}candidates: [ollama:qwen2.5:0.5b]\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:5', 'unknown key "baselin". Did you mean "baseline"?'],
    reject: ['required', 'names no model'],
  },
  {
    name: "misspelt providers in promptfoo's layout, with a suggestion",
    files: {
      'suite.yaml': 'prompts: ["Q: {{q}}"]\nprovidres: [openai:gpt-4o]\ntests:\n  - vars: { q: a }\n',
    },
    expect: ['suite.yaml:2', 'unknown key "providres". Did you mean "providers"?'],
    reject: ['names no model', 'required'],
  },
  {
    name: 'misspelt prompts in promptfoo\'s layout, with a suggestion instead of "is required"',
    files: {
      'suite.yaml': 'providers: [openai:gpt-4o]\npromtps: ["Q: {{q}}"]\ntests:\n  - vars: { q: a }\n',
    },
    expect: ['suite.yaml:2', 'unknown key "promtps". Did you mean "prompts"?'],
    reject: ['required'],
  },
  {
    name: "template variable typo in an assertion value, at the value's line",
    files: {
      'suite.yaml': `${HEAD}assert:\n  - type: contains\n    value: x\n  - type: equals\n    value: "{{labl}}"\n`,
      'data.csv': 'id,question,label\nq1,What is 2+2?,4\n',
    },
    expect: [
      'suite.yaml:10',
      'assert[1].value uses {{labl}}',
      'no column "labl". Did you mean "label"?',
      'columns are: id, question, label',
    ],
    reject: ['suite.yaml:4'],
  },
  {
    name: 'a latency target with no latency figure',
    files: { 'suite.yaml': `${HEAD}slo: {}\n`, 'data.csv': DATA },
    expect: ['suite.yaml:6', 'slo', 'needs `latencyP95Ms`, `ttftP95Ms`, or both'],
  },
  {
    name: 'gate.requireSwitch naming a deployment without saying which',
    files: {
      'suite.yaml': `${HEAD}gate:\n  requireSwitch:\n    candidate: qwen\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:8', 'gate.requireSwitch.deployment', 'add `deployment:`'],
  },
  {
    name: 'gate.requireSwitch of the wrong type, saying all it accepts',
    files: {
      'suite.yaml': `${HEAD}gate:\n  requireSwitch: 3\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:7',
      'gate.requireSwitch',
      "expected `any`, `all`, a candidate's id, { candidate, deployment }, or a list of candidate ids and deployments",
    ],
    reject: ['expected one of "any"'],
  },
  {
    name: 'several mistakes, first in the file first',
    files: {
      'suite.yaml': `${HEAD}candidtes:\n  - ollama:qwen2.5:0.5b\nconfidence: 0.95\nrepeat: three\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:6: unknown key "candidtes"', 'suite.yaml:9: repeat: expected number'],
    ordered: true,
  },
  {
    name: 'several mistakes, those without a line last',
    files: {
      'suite.yaml': HEAD.replace('baseline: openai:gpt-4o\n', 'repeat: 0\nmaxErrorRate: lots\n'),
      'data.csv': DATA,
    },
    expect: ['suite.yaml:5: repeat:', 'suite.yaml:6: maxErrorRate:', 'suite.yaml: the suite names no model'],
    ordered: true,
  },
  {
    name: 'several mistakes past the schema (template, model, assertion, slice), first in the file first',
    files: {
      'suite.yaml': `${HEAD.replace('{{question}}', '{{qestion}}')}candidates:\n  - olama:qwen2.5:0.5b\nassert:\n  - type: regex\n    value: "(x"\nslices: [topc]\n`,
      'data.csv': 'id,question,answer,topic\nq1,What is 2+2?,4,math\n',
    },
    expect: [
      'suite.yaml:4: prompt "Q: {{qestion}}" uses {{qestion}}',
      'suite.yaml:7: candidates[0]: unknown provider "olama:qwen2.5:0.5b"',
      'suite.yaml:10: assert[0].value: assertion "regex"',
      'suite.yaml:11: slice column "topc" is not in the dataset. Did you mean "topic"?',
    ],
    ordered: true,
  },
  {
    name: 'assertion value template that does not compile',
    files: {
      'suite.yaml': `${HEAD}assert:\n  - type: equals\n    value: "{{#if answer}}"\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:8', 'assert[0].value does not compile', 'fix: check the {{ }} pairs'],
  },
  {
    name: 'misspelt copy of a key that is also written correctly',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\ncandidate: [ollama:llama3.2:1b]\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:7',
      'unknown key "candidate". Did you mean "candidates"?',
      'remove it (`candidates:` is written too)',
    ],
  },
  {
    name: 'escalation check that reads an expected column (template)',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: wrong\n    checks:\n      - type: equals\n        value: "{{answer}}"\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:11',
      'escalate[0].checks[0].value',
      'uses {{answer}}, a column no prompt uses',
      "runs in production on the candidate's answer alone",
      'fix: use only columns the prompts use (question)',
    ],
  },
  {
    name: 'escalation check on one candidate whose transform reads an expected column',
    files: {
      'suite.yaml': `${HEAD}candidates:\n  - id: small\n    provider: ollama:qwen2.5:0.5b\n    escalate:\n      - id: wrong\n        checks:\n          - type: equals\n            value: "yes"\n            transform: "output === context.vars.answer ? 'yes' : 'no'"\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:14',
      'candidates[0].escalate[0].checks[0].transform',
      'reads vars.answer, a column no prompt uses',
      'may read only the request',
    ],
  },
  {
    name: 'judge assertion as an escalation check',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: polite\n    checks:\n      - type: llm-rubric\n        value: is polite\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:10',
      'escalate[0].checks[0].type',
      '"llm-rubric" is a judge assertion',
      'must be deterministic',
      'cost and latency',
      'fix: use a deterministic assertion',
    ],
  },
  {
    name: 'escalation check with a regex that does not compile',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: shape\n    checks:\n      - type: regex\n        value: "(x"\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:11', 'escalate[0].checks[0].value', 'assertion "regex"', 'does not compile'],
  },
  {
    name: 'confidence from repeats without repeats',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: unsure\n    confidence: { from: repeats }\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:9',
      'escalate[0].confidence.from',
      'confidence from repeats needs repeats ≥ 2',
      'fix: set `repeat:` to 2 or more',
    ],
  },
  {
    name: "confidence from repeats without repeats, in promptfoo's layout",
    files: {
      'suite.yaml':
        'prompts: ["Q: {{ q }}"]\nproviders: [openai:gpt-4o, ollama:qwen2.5:0.5b]\nescalate:\n  - id: unsure\n    confidence:\n      from: repeats\ntests:\n  - vars: { q: a }\n',
    },
    expect: [
      'suite.yaml:6',
      'escalate[0].confidence.from',
      'needs repeats ≥ 2',
      'fix: set `evaluateOptions.repeat:` to 2 or more',
    ],
  },
  {
    name: 'escalation threshold above 1',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: unsure\n    confidence: { from: logprobs, below: 1.5 }\n`,
      'data.csv': DATA,
    },
    expect: ['suite.yaml:9', 'escalate[0].confidence.below', '1.5', 'fix: use a number ≤ 1'],
  },
  {
    name: 'escalate on the baseline',
    files: {
      'suite.yaml': `${HEAD.replace('baseline: openai:gpt-4o\n', 'baseline:\n  provider: openai:gpt-4o\n  escalate:\n    - id: x\n      checks: [{ type: is-json }]\n')}candidates: [ollama:qwen2.5:0.5b]\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:7',
      'baseline.escalate',
      'the baseline cannot have `escalate:`',
      'fix: move `escalate:` to a candidate',
    ],
    reject: ['unknown key'],
  },
  {
    name: "escalate on the baseline in promptfoo's layout (the first provider)",
    files: {
      'suite.yaml':
        'prompts: ["Q: {{ q }}"]\nproviders:\n  - id: openai:gpt-4o\n    escalate:\n      - id: x\n        checks: [{ type: is-json }]\n  - ollama:qwen2.5:0.5b\ntests:\n  - vars: { q: a }\n',
    },
    expect: [
      'suite.yaml:4',
      'providers[0].escalate',
      'the baseline cannot have `escalate:`',
      'the baseline is the first provider unless `baseline:` names another',
    ],
  },
  {
    name: 'duplicate escalation policy ids',
    files: {
      'suite.yaml': `${HEAD}candidates: [ollama:qwen2.5:0.5b]\nescalate:\n  - id: x\n    confidence: { from: logprobs }\n  - id: x\n    checks: [{ type: is-json }]\n`,
      'data.csv': DATA,
    },
    expect: [
      'suite.yaml:10',
      'escalate[1].id',
      'two escalation policies are both named "x"',
      'fix: give each policy a distinct `id:`',
    ],
  },
];
