// Non-idealities of a programmable device, one description for pulse-level and physical devices.
//
// It lives in devices/ because the pulse-level devices (devices/pulsed/) draw from it and the
// programming layer (programming/programmable_device.h) above them uses the same struct for
// physical devices; devices/ cannot include programming/.
//
// With ξ ~ N(0, 1) drawn where noted:
//   device-to-device   each device's step size is scaled by d = 1 + σ_d2d ξ (drawn once per
//                      device; max(0, ·)); pulse-level devices draw one d per direction
//   bound spread       pulse-level devices only: b_max = w_max (1 + σ_b ξ), b_min = w_min (1 + σ_b ξ')
//                      (a physical device's bounds are its fitted window)
//   cycle-to-cycle     each pulse's step is scaled by 1 + σ_c2c ξ (drawn per pulse)
//   read noise         a read returns the visible value + σ_read·(range) ξ, range the device's
//                      nominal span (w_max − w_min, or G_max − G_min)
//   stuck-at           with probability p_stuck a device is stuck, at its upper bound with
//                      probability stuck_at_max, else at its lower one, and pulses do not move it
//   finite states      with N ≥ 2 states the visible value is the hidden one rounded to the
//                      nearest of N levels evenly spaced between the bounds (quantised() below);
//                      the hidden value stays continuous, so small steps accumulate. N = 0:
//                      continuous.
// Every field at its default is an ideal device, and an ideal device draws nothing from any rng.
#pragma once

namespace memcosim::devices {

struct Variation {
  double deviceToDevice = 0.0;       // σ_d2d, relative (pulse-level key dw_min_dtod)
  double boundDeviceToDevice = 0.0;  // σ_b, relative; pulse-level devices only (key w_bound_dtod)
  double cycleToCycle = 0.0;         // σ_c2c, relative (key dw_min_std)
  double readNoise = 0.0;            // σ_read, relative to the nominal range (key read_noise, in weight units)
  double stuckProbability = 0.0;     // p_stuck (key p_stuck)
  double stuckAtMax = 0.5;           // share of stuck devices stuck at the upper bound (key stuck_at_max)
  int states = 0;                    // N: 0 = continuous, else ≥ 2 (key states)
};

/// Throws std::invalid_argument naming the field if a σ is negative or not finite, a
/// probability lies outside [0, 1], or states is negative or 1.
void checkVariation(const Variation& variation);

/// `value` rounded to the nearest of `states` levels evenly spaced on [low, high] (clamped to
/// them); `value` itself for states < 2.
double quantised(double value, double low, double high, int states);

}  // namespace memcosim::devices
