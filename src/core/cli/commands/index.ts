// Every `exitscope` subcommand, in the order `exitscope help` lists them.
import type { CliCommand } from '../command';
import { importCommand } from './import';
import { serveCommand } from './serve';

export const COMMANDS: readonly CliCommand[] = [importCommand, serveCommand];
