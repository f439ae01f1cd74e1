export * from './working-calendar';
export * from './deadline-policy';
