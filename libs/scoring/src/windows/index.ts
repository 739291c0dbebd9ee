export * from './drift-windows';
