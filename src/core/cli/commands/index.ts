// Every `exitscope` subcommand, in the order `exitscope help` lists them.
import type { CliCommand } from '../command';
import { cpuGapsCommand } from './cpu-gaps';
import { cpuTestCommand } from './cpu-test';
import { exportCommand } from './export';
import { importCommand } from './import';
import { profilesCommand } from './profiles';
import { repriceCommand } from './reprice';
import { reproduceCommand } from './reproduce';
import { reportCommand } from './report';
import { runCommand } from './run';
import { serveCommand } from './serve';
import { tracesCommand } from './traces';
import { validateCommand } from './validate';
import { workloadsCommand } from './workloads';
import { compareCommand } from './compare';
import { statCommand } from './stat';

export const COMMANDS: readonly CliCommand[] = [
  importCommand, tracesCommand, exportCommand, serveCommand, workloadsCommand, runCommand, repriceCommand, profilesCommand, reproduceCommand, cpuTestCommand, cpuGapsCommand, validateCommand,
  reportCommand, compareCommand, statCommand,
];
