import { createRequire } from 'node:module';
import type * as GrpcJs from '@grpc/grpc-js';
import type { Status } from '@eventstore/db-client/generated/status_pb';

/**
 * The stand-in serves with the very `@grpc/grpc-js` (and `google-protobuf`) that
 * `@eventstore/db-client` depends on and that its generated service definitions were built against,
 * loaded from the client package's own location. So the stand-in needs nothing at run time beyond
 * the client package (our `@grpc/grpc-js` dev dependency is only there for its types).
 */
const fromClientPackage = createRequire(require.resolve('@eventstore/db-client'));

export const grpc: typeof GrpcJs = fromClientPackage('@grpc/grpc-js');

type AnyMessage = NonNullable<ReturnType<Status['getDetails']>>;

/** `google.protobuf.Any`, to carry a typed error detail (as the server does for a wrong expected version). */
export const AnyMessage: new () => AnyMessage = (
  fromClientPackage('google-protobuf/google/protobuf/any_pb') as { Any: new () => AnyMessage }
).Any;
