// A pulsed device that steps through a measured conductance-vs-pulse table.
//
// File format (CSV, one header row):
//   pulse,conductance          one list of levels; up and down pulses step along the same
//                              sorted set of levels
//   pulse,phase,conductance    phase is "ltp"/"potentiation"/"set" or "ltd"/"depression"/"reset"
//                              (case-insensitive); up pulses step along the LTP levels, down
//                              pulses along the LTD levels (so measured asymmetry is kept)
// Weight = conductance in siemens. A pulse moves to the nearest tabulated level strictly above
// (up) or below (down) the present weight, or stays at the end of the table. The common
// non-idealities of PulsedDevice apply except device-to-device step and bound spread (the table
// is one measured device): cycle-to-cycle noise scales the step to the next level, read noise,
// stuck-at and finite states act as for every device.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "devices/pulsed/pulsed_device.h"

namespace memcosim::devices::pulsed {

struct ConductanceTable {
  std::vector<double> upLevels;    ///< sorted ascending
  std::vector<double> downLevels;  ///< sorted ascending
};

/// Parses the CSV text; `source` names the file in errors ("file:line: field 'x': …").
ConductanceTable parseConductanceTable(const std::string& text, const std::string& source);
ConductanceTable readConductanceTable(const std::filesystem::path& path);

class TableDevice : public PulsedDevice {
 public:
  /// Starts at the lowest level unless `start_at_max`; bounds are the table's extreme levels.
  /// variation.deviceToDevice and boundDeviceToDevice are ignored; variation.readNoise is
  /// relative to the table's span. Throws std::invalid_argument if the table
  /// holds fewer than 2 distinct levels in either direction.
  TableDevice(ConductanceTable table, const Variation& variation, std::uint64_t seed, bool start_at_max = false);

 protected:
  double nominalStep(int direction, double weight) const override;

 private:
  ConductanceTable table_;
};

}  // namespace memcosim::devices::pulsed
