// Adaptive Rosenbrock 4(3) integrator for one state variable: the native device integrator.
//
// A Rosenbrock method is a linearly implicit Runge–Kutta method. For dx/dt = g(t, x), with
// J = ∂g/∂x and T = ∂g/∂t at the start of a step of size h, each stage k = 1..6 solves
//
//     (1/(γ h) − J) G_k = g(t + c_k h, x + Σ_{j<k} a_kj G_j) + Σ_{j<k} c_kj G_j / h + h d_k T
//
// and the step ends at x + Σ a_6j G_j + G_6, where G_6 (the last stage) is also the error
// estimate of the embedded third-order solution. Because the stages solve with (1/(γh) − J),
// a stiff state (|J| h ≫ 1, as a memristor arriving at a bound at 1e9 m/s) costs steps sized
// by accuracy, not by stability as in an explicit method. The coefficients (γ = 1/4, c, a, d)
// are those of Boost.Odeint's rosenbrock4 (a Shampine-type 4(3) pair, Hairer & Wanner, Solving
// Ordinary Differential Equations II, §IV.7), except d4 = −0.0362: Boost 1.74 tabulates
// +0.0362, and with that sign the method loses its order whenever g depends on t (x' = cos t
// over [0, 2] ends 1.6e-4 off at tolerance 1e-9; with −0.0362 7e-12 off; rosenbrock_test.cpp).
// Odeint's stepper itself needs uBLAS, which does not compile as C++20 with Boost 1.74; for a
// single state the linear solves are divisions.
//
// Step-size control is Odeint's rosenbrock4_controller: with
//     err = |G_6| / (absolute + relative · max(|x|, |x_new|)),
// a step is accepted if err ≤ 1; the next step is h / clamp(err^{1/4}/0.9, 1/6, 5), after an
// accepted step the predictive (Gustafsson) factor (h_old/h)(err²/err_old)^{1/4}/0.9 if larger,
// and never larger than the step just rejected.
#pragma once

#include <algorithm>
#include <cmath>

namespace memcosim::devices {

/// ∂g/∂x and ∂g/∂t at one point, for RosenbrockStepper.
struct RateSlopes {
  double dgdx = 0.0;
  double dgdt = 0.0;
};

class RosenbrockStepper {
 public:
  RosenbrockStepper(double absolute, double relative) : absolute_(absolute), relative_(relative) {}

  /// One attempted step of size h from (t, x): rate(t, x) = g, slopes(t, x, h) = RateSlopes
  /// (h is passed so that a finite-difference ∂g/∂t can use a step that shrinks with it).
  /// On success advances t and x and returns true; either way sets h to the next proposal.
  template <class Rate, class Slopes>
  bool tryStep(const Rate& rate, const Slopes& slopes, double& x, double& t, double& h) {
    const RateSlopes s = slopes(t, x, h);
    const double w = 1.0 / (kGamma * h) - s.dgdx;
    const double g0 = rate(t, x);
    const double G1 = (g0 + h * kD1 * s.dgdt) / w;
    const double G2 = (rate(t + kC2 * h, x + kA21 * G1) + h * kD2 * s.dgdt + kC21 * G1 / h) / w;
    const double G3 =
        (rate(t + kC3 * h, x + kA31 * G1 + kA32 * G2) + h * kD3 * s.dgdt + (kC31 * G1 + kC32 * G2) / h) / w;
    const double G4 = (rate(t + kC4 * h, x + kA41 * G1 + kA42 * G2 + kA43 * G3) + h * kD4 * s.dgdt +
                       (kC41 * G1 + kC42 * G2 + kC43 * G3) / h) /
                      w;
    const double x5 = x + kA51 * G1 + kA52 * G2 + kA53 * G3 + kA54 * G4;
    const double G5 = (rate(t + h, x5) + (kC51 * G1 + kC52 * G2 + kC53 * G3 + kC54 * G4) / h) / w;
    const double x6 = x5 + G5;
    const double G6 = (rate(t + h, x6) + (kC61 * G1 + kC62 * G2 + kC63 * G3 + kC64 * G4 + kC65 * G5) / h) / w;
    const double next = x6 + G6;

    const double err = std::abs(G6) / (absolute_ + relative_ * std::max(std::abs(x), std::abs(next)));
    if (!std::isfinite(err) || !std::isfinite(next)) {  // a NaN must not reach the step size
      h /= 6.0;
      lastRejected_ = true;
      return false;
    }
    double factor = std::clamp(std::pow(err, 0.25) / kSafety, 1.0 / 6.0, 5.0);
    if (err > 1.0) {
      h /= factor;
      lastRejected_ = true;
      return false;
    }
    if (!firstStep_) {
      const double predicted = (previousStep_ / h) * std::pow(err * err / previousError_, 0.25) / kSafety;
      factor = std::max(factor, std::clamp(predicted, 1.0 / 6.0, 5.0));
    }
    firstStep_ = false;
    previousStep_ = h;
    previousError_ = std::max(0.01, err);
    double proposal = h / factor;
    if (lastRejected_) proposal = std::min(proposal, h);
    lastRejected_ = false;
    t += h;
    x = next;
    h = proposal;
    return true;
  }

 private:
  static constexpr double kSafety = 0.9;
  static constexpr double kGamma = 0.25;
  static constexpr double kD1 = 0.25, kD2 = -0.1043, kD3 = 0.1035, kD4 = -0.3620000000000023e-01;
  static constexpr double kC2 = 0.386, kC3 = 0.21, kC4 = 0.63;
  static constexpr double kC21 = -0.5668800000000000e+01, kA21 = 0.1544000000000000e+01;
  static constexpr double kC31 = -0.2430093356833875e+01, kC32 = -0.2063599157091915e+00;
  static constexpr double kA31 = 0.9466785280815826e+00, kA32 = 0.2557011698983284e+00;
  static constexpr double kC41 = -0.1073529058151375e+00, kC42 = -0.9594562251023355e+01;
  static constexpr double kC43 = -0.2047028614809616e+02;
  static constexpr double kA41 = 0.3314825187068521e+01, kA42 = 0.2896124015972201e+01;
  static constexpr double kA43 = 0.9986419139977817e+00;
  static constexpr double kC51 = 0.7496443313967647e+01, kC52 = -0.1024680431464352e+02;
  static constexpr double kC53 = -0.3399990352819905e+02, kC54 = 0.1170890893206160e+02;
  static constexpr double kA51 = 0.1221224509226641e+01, kA52 = 0.6019134481288629e+01;
  static constexpr double kA53 = 0.1253708332932087e+02, kA54 = -0.6878860361058950e+00;
  static constexpr double kC61 = 0.8083246795921522e+01, kC62 = -0.7981132988064893e+01;
  static constexpr double kC63 = -0.3152159432874371e+02, kC64 = 0.1631930543123136e+02;
  static constexpr double kC65 = -0.6058818238834054e+01;

  double absolute_, relative_;
  bool firstStep_ = true;
  bool lastRejected_ = false;
  double previousStep_ = 0.0;
  double previousError_ = 1.0;
};

}  // namespace memcosim::devices
