import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';

/**
 * ServerFeatures.GetSupportedMethods: the client asks once per connection what the server offers.
 * The stand-in lists exactly the methods it serves, under a version that names it.
 */
export const standInVersion = '0.0.0-depledger-stand-in';

export const supportedMethodsHandler =
  (methods: Readonly<Record<string, readonly string[]>>) =>
  (_call: ServerUnaryCall<Empty, SupportedMethods>, respond: sendUnaryData<SupportedMethods>): void => {
    const list = Object.entries(methods).flatMap(([service, names]) =>
      names.map((name) => new SupportedMethod().setServiceName(service).setMethodName(name)),
    );
    respond(null, new SupportedMethods().setEventStoreServerVersion(standInVersion).setMethodsList(list));
  };
