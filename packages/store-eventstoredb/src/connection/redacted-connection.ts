/** A connection string fit for messages and logs: any password is replaced by `***`. */
export const redactedConnection = (connection: string): string => connection.replace(/(\/\/[^:/@]+):[^@/]*@/, '$1:***@');
