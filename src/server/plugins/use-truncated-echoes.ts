// Validation errors quote the client's own field, argument and enum names; they reach the response
// without passing the error masker, so their echoes are truncated here (the masker does it for the rest).
import type { Plugin } from 'graphql-yoga';
import { withTruncatedEchoes } from '../../graphql/echo.ts';

export function useTruncatedEchoes(): Plugin {
  return {
    onValidate() {
      return ({ valid, result, setResult }) => {
        if (!valid) setResult(result.map((error) => withTruncatedEchoes(error)));
      };
    },
  };
}
