/** Who is calling: the API key that authenticated the request, and the actor its writes are recorded with. */
export type Caller = Readonly<{
  keyId: string;
  name: string;
  scopes: readonly ('read' | 'write')[];
  /** `api:<key name>`, in the events' metadata. */
  actor: string;
}>;
