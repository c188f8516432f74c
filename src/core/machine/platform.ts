// Builds the guest PC's device side from a platform config: the guest clock, the port bus, the
// 8259A pair and every configured device, each registered on the bus with its name and
// location and wired to its IRQ line. The machine (run loop) then:
//   - gives `bus` to the CPU as its PortIo, and reads `bus.last` after each access to label
//     the exit with the device name and location;
//   - advances `clock` to the CPU's cycle count before every port access (so a device sees the
//     exact time of the access) and after every run slice; it may run the CPU up to
//     `clock.nextDeadline` in one go, since no device changes on its own before that;
//   - keeps the CPU's pending-interrupt flag equal to `interrupts.hasInterrupt()` (the
//     `onIntrChange` listener reports every change) and answers the CPU's interrupt-acknowledge
//     hook with `interrupts.acknowledge()`, which returns the vector.
// getState/setState snapshot the clock and every device (restored in that order, PIC first,
// so IRQ lines settle against the restored PIC).
import { AtaDisk, type AtaDiskState } from '../devices/ata-disk';
import { CmosRtc, type CmosRtcState } from '../devices/cmos-rtc';
import { DebugConsole, type DebugConsoleState } from '../devices/debug-console';
import { DiskImage } from '../devices/disk-image';
import { EthernetLink, type EthernetLinkState } from '../devices/ethernet-link';
import { Ne2000, type Ne2000State } from '../devices/ne2000';
import { NetworkPeer, type NetworkPeerState, type PeerResponder } from '../devices/network-peer';
import { PciConfigMechanism1, type PciConfigState } from '../devices/pci-config';
import { PciIoWindow } from '../devices/pci-io-window';
import { hostBridge, ideController, isaBridge, ne2000Function, type PciFunctionSpec } from '../devices/pci-function';
import { PicPair, type PicPairState } from '../devices/pic-pair';
import { Pit8254, type PitState } from '../devices/pit8254';
import { PmTimer, type PmTimerState } from '../devices/pm-timer';
import { PostPort, type PostPortState } from '../devices/post-port';
import { Uart16550, type UartState } from '../devices/uart16550';
import type { DeviceInfo, DeviceModel } from './device';
import { GuestClock, type GuestClockState } from './guest-clock';
import { IrqLine, type InterruptSource } from './irq';
import { PlatformConfigError, type DeviceKey, type PlatformConfig, type ResolvedPlatformConfig } from './platform-config';
import { resolvePlatformConfig } from './platform-config-resolve';
import { PortBus, PortConflictError, type PortOwner } from './port-bus';

export interface PlatformDevices {
  pic: PicPair;
  pit?: Pit8254;
  uart?: Uart16550;
  ne2000?: Ne2000;
  ata?: AtaDisk;
  pci?: PciConfigMechanism1;
  pmTimer?: PmTimer;
  rtc?: CmosRtc;
  post?: PostPort;
  debugcon?: DebugConsole;
}

export interface PlatformDeviceStates {
  pic: PicPairState;
  pit?: PitState;
  uart?: UartState;
  ne2000?: Ne2000State;
  ata?: AtaDiskState;
  pci?: PciConfigState;
  pmTimer?: PmTimerState;
  rtc?: CmosRtcState;
  post?: PostPortState;
  debugcon?: DebugConsoleState;
}

export interface PlatformState {
  clock: GuestClockState;
  devices: PlatformDeviceStates;
  link?: EthernetLinkState;
  peer?: NetworkPeerState;
}

/** Options that are code rather than data. */
export interface PlatformBuildOptions {
  /** Replaces the network peer's echo/silent behaviour. */
  peerResponder?: PeerResponder;
}

export interface Platform {
  readonly config: ResolvedPlatformConfig;
  readonly clock: GuestClock;
  readonly bus: PortBus;
  readonly interrupts: InterruptSource;
  readonly devices: PlatformDevices;
  readonly network?: { link: EthernetLink; peer: NetworkPeer };
  getState(): PlatformState;
  setState(state: PlatformState): void;
}

/** Validates `config` (throwing PlatformConfigError naming the field) and builds the platform. */
export function buildPlatform(config: PlatformConfig, options: PlatformBuildOptions = {}): Platform {
  const cfg = resolvePlatformConfig(config);
  const d = cfg.devices;
  const clock = new GuestClock(cfg.cpuHz);
  const bus = new PortBus(cfg.unassignedLocation);
  const info = (r: { name: string; location: DeviceInfo['location'] }): DeviceInfo => ({ name: r.name, location: r.location });

  const pic = new PicPair(info(d.pic));
  if (d.pic.elcr !== 0) pic.setElcr(d.pic.elcr);
  const line = (irq: number): IrqLine => new IrqLine(pic, irq);
  const devices: PlatformDevices = { pic };
  const attach = (key: DeviceKey, device: DeviceModel<unknown>): PortOwner[] =>
    device.portRanges().map((range) => {
      try {
        return bus.register(device.info, range);
      } catch (e) {
        if (!(e instanceof PortConflictError)) throw e;
        const other = Object.entries(d).find(([, r]) => r.name === e.existing.device.name)?.[0] ?? e.existing.device.name;
        throw new PlatformConfigError(`devices.${key}`, `${e.message} (devices.${other})`);
      }
    });
  attach('pic', pic);

  if (d.pit) attach('pit', (devices.pit = new Pit8254(info(d.pit), clock, line(d.pit.irq))));
  if (d.uart) attach('uart', (devices.uart = new Uart16550(info(d.uart), d.uart.base, clock, line(d.uart.irq))));

  let network: Platform['network'];
  let nicWindow: PciIoWindow | undefined;
  if (d.ne2000) {
    const n = d.ne2000;
    const nic = new Ne2000(info(n), n.base, n.mac, clock, line(n.irq));
    const link = new EthernetLink(clock, n.link);
    const peer = new NetworkPeer(clock, { ...n.peer, responder: options.peerResponder });
    link.connect(nic, peer);
    nic.attach(link);
    peer.attach(link);
    network = { link, peer };
    devices.ne2000 = nic;
    const owners = attach('ne2000', nic);
    // With a PCI bus the NE2000 is an RTL8029 whose BAR0 the guest may move.
    if (d.pci) nicWindow = new PciIoWindow(bus, nic.info, (base) => nic.portRangesAt(base), 0x20, owners, n.base);
  }

  if (d.ata) {
    const a = d.ata;
    const image = new DiskImage(a.image);
    const latency = clock.cyclesAtNanos(a.sectorLatencyNs);
    devices.ata = new AtaDisk(info(a), { commandBase: a.base, controlPort: a.controlPort }, image, clock, line(a.irq), latency);
    attach('ata', devices.ata);
  }

  if (d.pci) {
    const functions: PciFunctionSpec[] = [hostBridge(), isaBridge()];
    if (d.ata) functions.push(ideController());
    const window = nicWindow;
    if (d.ne2000) functions.push(ne2000Function(d.ne2000.base, d.ne2000.irq, d.ne2000.pciDevice, (fn) => window?.follow(fn, 0)));
    attach('pci', (devices.pci = new PciConfigMechanism1(info(d.pci), functions)));
  }
  if (d.pmTimer) attach('pmTimer', (devices.pmTimer = new PmTimer(info(d.pmTimer), d.pmTimer.port, clock)));
  if (d.rtc) {
    const r = d.rtc;
    attach('rtc', (devices.rtc = new CmosRtc(info(r), clock, line(r.irq), { startTime: r.startTime, memoryKb: r.memoryKb })));
  }
  if (d.post) attach('post', (devices.post = new PostPort(info(d.post), d.post.port)));
  if (d.debugcon) attach('debugcon', (devices.debugcon = new DebugConsole(info(d.debugcon), d.debugcon.port)));

  return {
    config: cfg,
    clock,
    bus,
    interrupts: pic,
    devices,
    network,
    getState: () => snapshot(clock, devices, network),
    setState: (state) => restore(clock, devices, network, state),
  };
}

function snapshot(clock: GuestClock, dev: PlatformDevices, network: Platform['network']): PlatformState {
  const state: PlatformState = {
    clock: clock.getState(),
    devices: {
      pic: dev.pic.getState(),
      pit: dev.pit?.getState(),
      uart: dev.uart?.getState(),
      ne2000: dev.ne2000?.getState(),
      ata: dev.ata?.getState(),
      pci: dev.pci?.getState(),
      pmTimer: dev.pmTimer?.getState(),
      rtc: dev.rtc?.getState(),
      post: dev.post?.getState(),
      debugcon: dev.debugcon?.getState(),
    },
  };
  if (network) {
    state.link = network.link.getState();
    state.peer = network.peer.getState();
  }
  return JSON.parse(JSON.stringify(state)) as PlatformState;
}

function restore(clock: GuestClock, dev: PlatformDevices, network: Platform['network'], state: PlatformState): void {
  const s = state.devices;
  const need = <T>(value: T | undefined, key: string): T => {
    if (value === undefined) throw new Error(`platform state has no ${key} but the platform has that device`);
    return value;
  };
  clock.setState(state.clock);
  dev.pic.setState(s.pic);
  dev.pit?.setState(need(s.pit, 'devices.pit'));
  dev.uart?.setState(need(s.uart, 'devices.uart'));
  dev.ne2000?.setState(need(s.ne2000, 'devices.ne2000'));
  dev.ata?.setState(need(s.ata, 'devices.ata'));
  dev.pci?.setState(need(s.pci, 'devices.pci'));
  dev.pmTimer?.setState(need(s.pmTimer, 'devices.pmTimer'));
  dev.rtc?.setState(need(s.rtc, 'devices.rtc'));
  dev.post?.setState(need(s.post, 'devices.post'));
  dev.debugcon?.setState(need(s.debugcon, 'devices.debugcon'));
  if (network) {
    network.link.setState(need(state.link, 'link'));
    network.peer.setState(need(state.peer, 'peer'));
  }
}
