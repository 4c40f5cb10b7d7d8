#pragma once
// One exception tree for the whole engine (ARCHITECTURE.md, convention 3). The library never calls
// exit or abort; the CLI maps ConfigError and UsageError to exit code 2 and everything else to 1.

#include <stdexcept>
#include <string>

namespace regiosim {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where a value came from: 1-based line and column (yaml-cpp marks are 0-based; the loader adds 1).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

// Invalid scenario or sweep input. what() is the one-line message the CLI prints:
//   FILE:LINE:COLUMN: key.path: what is wrong (what was expected)
class ConfigError : public Error {
 public:
  ConfigError(SourceLocation location, std::string key_path, std::string message);

  const SourceLocation& location() const noexcept { return location_; }
  const std::string& key_path() const noexcept { return key_path_; }
  const std::string& message() const noexcept { return message_; }

 private:
  SourceLocation location_;
  std::string key_path_;
  std::string message_;
};

// Invalid command-line use that has no file location (zero paths, a bad --out directory, ...).
class UsageError : public Error {
 public:
  using Error::Error;
};

// The model reached a state it must not continue from (NaN or Inf, MODEL.md section 10).
class ModelError : public Error {
 public:
  using Error::Error;
};

// Reading or writing a file failed.
class IoError : public Error {
 public:
  using Error::Error;
};

// The run was stopped on request (SIGINT, or Python's KeyboardInterrupt).
class Interrupted : public Error {
 public:
  Interrupted() : Error("interrupted") {}
};

}  // namespace regiosim
