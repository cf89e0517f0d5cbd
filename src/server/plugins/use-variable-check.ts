// Coerces the request's variables before execution and refuses a value of the wrong type with HTTP 400
// and BAD_USER_INPUT, naming the variable, the value (truncated) and the type it must have. Left to
// graphql-js, such an error carries the scalar's error as its cause and reached the log as an internal
// error with a stack.
import { getOperationAST, getVariableValues, print, type GraphQLError, type VariableDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { echo, truncateQuoted } from '../../graphql/echo.ts';
import { badUserInput } from '../../errors/api-errors.ts';

export function useVariableCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation?.variableDefinitions?.length) return;
      const inputs = (args.variableValues ?? {}) as Record<string, unknown>;
      const errors = operation.variableDefinitions.flatMap((definition) => check(args.schema, definition, inputs));
      if (errors.length > 0) setResultAndStopExecution({ errors });
    },
  };
}

/** One variable at a time, so each error names its own variable and value. */
function check(schema: Parameters<typeof getVariableValues>[0], definition: VariableDefinitionNode, inputs: Record<string, unknown>): GraphQLError[] {
  const { errors } = getVariableValues(schema, [definition], inputs, { maxErrors: 1 });
  if (!errors?.length) return [];
  const name = definition.variable.name.value;
  const expected = print(definition.type);
  const provided = Object.hasOwn(inputs, name);
  const value = inputs[name];
  // graphql-js says why (e.g. "Int cannot represent non-integer value: …"); its own values are quoted.
  const reason = truncateQuoted(errors[0]!.originalError?.message ?? errors[0]!.message);
  const message = provided
    ? `Variable "$${name}" got ${echo(value)}, which is not a valid ${expected}: ${reason}`
    : `Variable "$${name}" of type ${expected} is required, and no value was provided.`;
  return [
    badUserInput(message, {
      variable: name,
      ...(provided ? { value: echo(value) } : {}),
      expected,
      http: { status: 400 },
    }),
  ];
}
