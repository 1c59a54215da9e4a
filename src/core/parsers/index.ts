// Parsers for the command outputs the lab shows: ipvsadm's tables and connection list, and netstat.
export * from './endpoint';
export * from './parseError';
export * from './ipvsadmList';
export * from './ipvsadmConns';
export * from './netstat';
