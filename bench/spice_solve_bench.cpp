// Operating-point solves per second three ways, and resident memory over 10^5 solves.
//
// The circuit is the EqProp-style diode network of docs/design.md: N inputs (voltage sources),
// every input joined to every hidden node by a resistor, an antiparallel diode pair from each
// hidden node to ground, every hidden node joined to every output by a resistor, outputs
// loaded to ground. Per solve the inputs change. Ways to solve:
//   (a) in place:   the circuit is loaded once; `alter` the input sources, then `op`;
//   (b) re-load:    the netlist is loaded again for every solve, then `op`;
//   (c) a process:  a new `ngspice -b deck.cir` process per solve.
// Figures are printed as times per solve and as ratios measured in this one run.
//
// Usage: spice_solve_bench [--quick]   (--quick: fewer repetitions, for smoke runs)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <string>

#include <unistd.h>

#include "io/random.h"
#include "resident_memory.h"
#include "spice/printer.h"
#include "spice/session.h"

using namespace memcosim::spice;
using Clock = std::chrono::steady_clock;

namespace {

struct Shape {
  int inputs, hidden, outputs;
};

Netlist diodeNetwork(const Shape& shape) {
  Netlist n("diode network " + std::to_string(shape.inputs) + "-" + std::to_string(shape.hidden) + "-" +
            std::to_string(shape.outputs));
  n.addModel(Model{"dpair", "D", {{"is", 1e-12}, {"n", 1.0}}});
  std::mt19937_64 rng(7);
  const auto resistance = [](std::mt19937_64& r) { return 1e4 + 9e4 * memcosim::io::uniform01(r); };
  for (int i = 0; i < shape.inputs; ++i)
    n.add(VoltageSource{{"Vin" + std::to_string(i), "in" + std::to_string(i), "0", 0.5}});
  for (int h = 0; h < shape.hidden; ++h) {
    const std::string node = "h" + std::to_string(h);
    for (int i = 0; i < shape.inputs; ++i)
      n.add(Resistor{"R" + std::to_string(i) + "_" + node, "in" + std::to_string(i), node, resistance(rng)});
    n.add(Diode{"Dup" + node, node, "0", "dpair", std::nullopt});
    n.add(Diode{"Ddn" + node, "0", node, "dpair", std::nullopt});
  }
  for (int o = 0; o < shape.outputs; ++o) {
    const std::string node = "out" + std::to_string(o);
    for (int h = 0; h < shape.hidden; ++h)
      n.add(Resistor{"R" + node + "_h" + std::to_string(h), "h" + std::to_string(h), node, resistance(rng)});
    n.add(Resistor{"Rload" + node, node, "0", 1e4});
  }
  return n;
}

double inputValue(int solve, int input) { return 0.2 + 0.6 * ((solve * 7 + input * 3) % 11) / 10.0; }

template <class F>
double secondsPerCall(int calls, F&& f) {
  const auto start = Clock::now();
  for (int k = 0; k < calls; ++k) f(k);
  return std::chrono::duration<double>(Clock::now() - start).count() / calls;
}

void compareWays(Session& session, const Shape& shape, int inPlaceSolves, int reloadSolves, int processSolves) {
  const Netlist network = diodeNetwork(shape);
  double checksum = 0.0;
  session.load(network);
  const double inPlace = secondsPerCall(inPlaceSolves, [&](int k) {
    for (int i = 0; i < shape.inputs; ++i) session.alter("Vin" + std::to_string(i), inputValue(k, i));
    checksum += session.operatingPoint().value("out0");
  });
  const auto deck = printLines(network, Dialect::Ngspice);
  const double reload = secondsPerCall(reloadSolves, [&](int) {
    session.load(deck);
    checksum += session.operatingPoint().value("out0");
  });
  double process = 0.0;
  if (processSolves > 0) {
    Netlist batch = network;
    batch.addAnalysis(OperatingPointAnalysis{});
    const auto path = std::filesystem::temp_directory_path() / "memcosim_bench_deck.cir";
    std::ofstream(path) << print(batch, Dialect::Ngspice);
    const std::string command = "ngspice -b " + path.string() + " >/dev/null 2>&1";
    process = secondsPerCall(processSolves, [&](int) {
      if (std::system(command.c_str()) != 0) throw std::runtime_error("ngspice -b failed: " + command);
    });
    std::filesystem::remove(path);
  }
  std::printf("%d-%d-%d network (%zu elements), checksum %.6g\n", shape.inputs, shape.hidden, shape.outputs,
              network.elements().size(), checksum);
  std::printf("  (a) in place (%d alters + op):  %9.1f us/solve  (%d solves)\n", shape.inputs, inPlace * 1e6,
              inPlaceSolves);
  std::printf("  (b) re-load netlist + op:      %9.1f us/solve  (%d solves)\n", reload * 1e6, reloadSolves);
  if (processSolves > 0)
    std::printf("  (c) ngspice -b process:        %9.1f us/solve  (%d solves)\n", process * 1e6, processSolves);
  std::printf("  ratio (b)/(a) = %.1fx  (goal >= 5x)\n", reload / inPlace);
  if (processSolves > 0) std::printf("  ratio (c)/(a) = %.0fx\n", process / inPlace);
}

void memoryOverLongRun(Session& session, int total) {
  session.load(diodeNetwork({4, 10, 3}));
  long after1e3 = 0;
  for (int k = 0; k < total; ++k) {
    for (int i = 0; i < 4; ++i) session.alter("Vin" + std::to_string(i), inputValue(k, i));
    (void)session.operatingPoint();
    if (k + 1 == 1000) after1e3 = residentKilobytes();
  }
  const long afterAll = residentKilobytes();
  std::printf("memory: RSS after 1e3 solves %ld kB, after %.0e solves %ld kB: growth %.2f%% (goal <= 5%%)\n", after1e3,
              static_cast<double>(total), afterAll, 100.0 * (afterAll - after1e3) / after1e3);
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  try {
    Session session;
    compareWays(session, {4, 10, 3}, quick ? 2000 : 20000, quick ? 200 : 2000, quick ? 5 : 30);
    compareWays(session, {4, 100, 3}, quick ? 500 : 5000, quick ? 50 : 500, quick ? 3 : 10);
    memoryOverLongRun(session, quick ? 10000 : 100000);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "spice_solve_bench: %s\n", error.what());
    return 1;
  }
  return 0;
}
