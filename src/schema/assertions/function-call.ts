import { declareAssertion, type ValueProblem, type WrittenAssertion } from '../assertion-declaration.js';

/** The function definitions a call is checked against: a list as `value`, or config.functions / config.tools. */
export function functionDefinitionsProblem({ value, config }: WrittenAssertion): ValueProblem | null {
  if (Array.isArray(value) || Array.isArray(config?.functions) || Array.isArray(config?.tools)) return null;
  return {
    key: 'value',
    message: 'needs the function definitions to check calls against',
    hint: 'list them as `value:` ({ name, parameters } or OpenAI tools), or as config.functions / config.tools',
  };
}

/** `is-valid-function-call`, `is-valid-openai-function-call`: the functions to check the call against. */
export const functionCallDeclaration = declareAssertion({
  names: ['is-valid-function-call', 'is-valid-openai-function-call'],
  kind: 'deterministic',
  valueProblem: functionDefinitionsProblem,
});
