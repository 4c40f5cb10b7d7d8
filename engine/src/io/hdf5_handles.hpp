#pragma once
// A small RAII layer over the HDF5 C API, in HighFive's style but only as large as the result file
// needs: one move-only class per HDF5 object kind, each closing its id in the destructor. Every C
// call is checked; a failure throws regiosim::IoError naming the call, the object's path and the
// innermost message of HDF5's error stack (the most specific reason, e.g. "No such file or
// directory"), instead of HDF5 printing its stack to stderr.
//
// Not thread-safe: the serial HDF5 library must only be called from one thread at a time.

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace regiosim::h5 {

// Turns HDF5's automatic error printing off for the lifetime of the guard and restores the previous
// handler afterwards, so the engine leaves the library as it found it (other HDF5 users in the same
// process, e.g. h5py next to the Python bindings, keep their own setting). Put one at the top of
// every entry point that calls HDF5.
class ErrorPrintingOff {
 public:
  ErrorPrintingOff();
  ~ErrorPrintingOff();
  ErrorPrintingOff(const ErrorPrintingOff&) = delete;
  ErrorPrintingOff& operator=(const ErrorPrintingOff&) = delete;

 private:
  H5E_auto2_t old_func_ = nullptr;
  void* old_data_ = nullptr;
  bool restore_ = false;
};

// Throws IoError "<call> failed for '<name>': <innermost HDF5 message>" and clears the stack.
[[noreturn]] void throw_error(const char* call, const std::string& name);

// The HDF5 memory type of a C++ scalar (library constants: never closed).
template <typename T>
hid_t native_type();
template <>
inline hid_t native_type<double>() {
  return H5T_NATIVE_DOUBLE;
}
template <>
inline hid_t native_type<std::int32_t>() {
  return H5T_NATIVE_INT32;
}
template <>
inline hid_t native_type<std::uint64_t>() {
  return H5T_NATIVE_UINT64;
}

// Owns one HDF5 id and the function that closes it.
class Object {
 public:
  Object(const Object&) = delete;
  Object& operator=(const Object&) = delete;
  Object(Object&& other) noexcept;
  Object& operator=(Object&& other) noexcept;
  virtual ~Object();

  hid_t id() const { return id_; }
  // "<file>:<object path>" (a file: its path), for error messages.
  const std::string& name() const { return name_; }
  bool valid() const { return id_ >= 0; }
  // Closes now, throwing on failure (the destructor closes too, but cannot report errors).
  void close();

 protected:
  using CloseFunction = herr_t (*)(hid_t);
  Object(hid_t id, CloseFunction close_function, std::string name);

 private:
  hid_t id_ = H5I_INVALID_HID;
  CloseFunction close_ = nullptr;
  std::string name_;
};

class DataSpace : public Object {
 public:
  static DataSpace scalar();
  static DataSpace simple(const std::vector<hsize_t>& dims);
  // Selects the block start..start+count of a simple dataspace.
  void select_hyperslab(const std::vector<hsize_t>& start, const std::vector<hsize_t>& count);

 private:
  using Object::Object;
};

class DataType : public Object {
 public:
  // Variable-length UTF-8 string: h5py (and so h5netcdf and xarray) reads it as str. Any length,
  // stored on the global heap, so it also fits attributes of many KB (scenario_yaml).
  static DataType utf8_string();

 private:
  using Object::Object;
};

class PropertyList : public Object {
 public:
  static PropertyList create(hid_t property_class, const std::string& name);

 private:
  using Object::Object;
};

// Something that carries attributes: a file (its root group), a group or a dataset.
class Location : public Object {
 public:
  // A variable-length UTF-8 string attribute; the text must not contain NUL.
  void write_attribute(const std::string& attr, const std::string& value);
  void write_attribute(const std::string& attr, const char* value) {
    write_attribute(attr, std::string(value));
  }
  void write_attribute(const std::string& attr, double value);
  void write_attribute(const std::string& attr, std::int32_t value);
  void write_attribute(const std::string& attr, std::uint64_t value);

 protected:
  using Object::Object;

 private:
  void write_scalar_attribute(const std::string& attr, hid_t file_type, hid_t mem_type,
                              const void* value);
};

class DataSet : public Location {
 public:
  const std::vector<hsize_t>& dims() const { return dims_; }

  // Writes the whole dataset; the vector holds its dims() elements, row-major.
  void write(const std::vector<double>& data);
  void write(const std::vector<std::int32_t>& data);
  void write(const std::vector<std::uint64_t>& data);
  // A 1-D dataset of utf8_string(). Strings must not contain NUL (HDF5 would cut them there).
  void write(const std::vector<std::string>& data);
  // Writes the block start..start+count from a contiguous row-major buffer.
  template <typename T>
  void write_hyperslab(const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
                       const T* data) {
    write_hyperslab_raw(start, count, native_type<T>(), data);
  }

  // Makes this dataset a dimension scale (a netCDF dimension called `dimension_name`).
  void set_scale(const std::string& dimension_name);
  // Attaches dimension scale `scale` to this dataset's dimension `index`.
  void attach_scale(const DataSet& scale, unsigned index);

 private:
  friend class Group;
  DataSet(hid_t id, std::string name, std::vector<hsize_t> dims);
  void check_size(std::size_t elements, const char* what) const;
  void write_raw(hid_t mem_type, const void* data);
  void write_hyperslab_raw(const std::vector<hsize_t>& start, const std::vector<hsize_t>& count,
                           hid_t mem_type, const void* data);

  std::vector<hsize_t> dims_;
};

// How a dataset is stored: contiguous by default; chunked (without filters) when chunk is given.
struct DataSetOptions {
  std::vector<hsize_t> chunk;
};

class Group : public Location {
 public:
  Group create_group(const std::string& child);
  DataSet create_dataset(const std::string& child, hid_t file_type,
                         const std::vector<hsize_t>& dims, const DataSetOptions& options = {});
  // Flushes the file this group is in.
  void flush();

 protected:
  Group(hid_t id, CloseFunction close_function, std::string file, std::string path);

 private:
  std::string child_name(const std::string& child) const;
  std::string file_;  // the file's path
  std::string path_;  // this group's path in the file ("/" for the root)
};

class File : public Group {
 public:
  // Creates a new file; fails if `path` exists (H5F_ACC_EXCL). Closing the file closes every object
  // still open in it (H5F_CLOSE_STRONG), so close() really ends all access to the file.
  static File create_exclusive(const std::string& path);

 private:
  using Group::Group;
};

}  // namespace regiosim::h5
