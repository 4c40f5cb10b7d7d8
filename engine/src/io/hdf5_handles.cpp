#include "io/hdf5_handles.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <string>
#include <utility>

#include "regiosim/error.hpp"

namespace regiosim::h5 {

namespace {

// H5Ewalk2 callback: keeps the description of the innermost error (walking upward, the first one).
herr_t innermost_error(unsigned n, const H5E_error2_t* error, void* client_data) {
  if (n == 0 && error != nullptr) {
    auto* message = static_cast<std::string*>(client_data);
    if (error->desc != nullptr && error->desc[0] != '\0') {
      *message = error->desc;
    } else if (error->func_name != nullptr) {
      *message = std::string("error in ") + error->func_name;
    }
  }
  return 0;
}

// HDF5's file driver describes a failed system call over several lines ("file write failed:
// time = ..., filename = ..., errno = 28, error message = 'No space left on device', buf = ...").
// Keep the operation and the system's reason, on one line.
std::string one_line_reason(const std::string& description) {
  const std::string tag = "error message = '";
  if (const auto at = description.find(tag); at != std::string::npos) {
    const auto start = at + tag.size();
    const auto end = description.find('\'', start);
    const std::string reason = description.substr(start, end - start);
    return description.substr(0, description.find(':')) + ": " + reason;
  }
  std::string text = description;
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  return text;
}

std::string innermost_message() {
  std::string message;
  if (H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, innermost_error, &message) < 0 || message.empty()) {
    message = "no HDF5 error message";
  }
  H5Eclear2(H5E_DEFAULT);
  return one_line_reason(message);
}

// HDF5 stores a variable-length string up to its first NUL; refuse text it would cut short.
void check_no_nul(const std::string& text, const std::string& name) {
  if (text.find('\0') != std::string::npos) {
    throw IoError("cannot write '" + name + "': the text contains a NUL character");
  }
}

hid_t check_id(hid_t id, const char* call, const std::string& name) {
  if (id < 0) throw_error(call, name);
  return id;
}

void check(herr_t status, const char* call, const std::string& name) {
  if (status < 0) throw_error(call, name);
}

}  // namespace

ErrorPrintingOff::ErrorPrintingOff() {
  if (H5Eget_auto2(H5E_DEFAULT, &old_func_, &old_data_) >= 0) {
    restore_ = H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr) >= 0;
  }
}

ErrorPrintingOff::~ErrorPrintingOff() {
  if (restore_) H5Eset_auto2(H5E_DEFAULT, old_func_, old_data_);
}

void throw_error(const char* call, const std::string& name) {
  throw IoError(std::string(call) + " failed for '" + name + "': " + innermost_message());
}

// ---- Object ----

Object::Object(hid_t id, CloseFunction close_function, std::string name)
    : id_(id), close_(close_function), name_(std::move(name)) {}

Object::Object(Object&& other) noexcept
    : id_(std::exchange(other.id_, H5I_INVALID_HID)),
      close_(other.close_),
      name_(std::move(other.name_)) {}

Object& Object::operator=(Object&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0 && close_(id_) < 0) H5Eclear2(H5E_DEFAULT);
    id_ = std::exchange(other.id_, H5I_INVALID_HID);
    close_ = other.close_;
    name_ = std::move(other.name_);
  }
  return *this;
}

Object::~Object() {
  // Errors cannot be reported from a destructor; clear them so they do not show up in the next
  // exception's message.
  if (id_ >= 0 && close_(id_) < 0) H5Eclear2(H5E_DEFAULT);
}

void Object::close() {
  if (id_ < 0) return;
  const hid_t id = std::exchange(id_, H5I_INVALID_HID);
  check(close_(id), "closing", name_);
}

// ---- DataSpace, DataType ----

DataSpace DataSpace::scalar() {
  return DataSpace(check_id(H5Screate(H5S_SCALAR), "H5Screate", "scalar"), H5Sclose, "dataspace");
}

DataSpace DataSpace::simple(const std::vector<hsize_t>& dims) {
  const hid_t id = H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr);
  return DataSpace(check_id(id, "H5Screate_simple", "dataspace"), H5Sclose, "dataspace");
}

void DataSpace::select_hyperslab(const std::vector<hsize_t>& start,
                                 const std::vector<hsize_t>& count) {
  check(H5Sselect_hyperslab(id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        "H5Sselect_hyperslab", name());
}

DataType DataType::utf8_string() {
  DataType type(check_id(H5Tcopy(H5T_C_S1), "H5Tcopy", "string type"), H5Tclose, "string type");
  check(H5Tset_size(type.id(), H5T_VARIABLE), "H5Tset_size", type.name());
  check(H5Tset_cset(type.id(), H5T_CSET_UTF8), "H5Tset_cset", type.name());
  return type;
}

PropertyList PropertyList::create(hid_t property_class, const std::string& name) {
  return PropertyList(check_id(H5Pcreate(property_class), "H5Pcreate", name), H5Pclose, name);
}

// ---- Location: attributes ----

void Location::write_scalar_attribute(const std::string& attr, hid_t file_type, hid_t mem_type,
                                      const void* value) {
  const std::string what = name() + " attribute " + attr;
  const DataSpace space = DataSpace::scalar();
  const hid_t id =
      H5Acreate2(this->id(), attr.c_str(), file_type, space.id(), H5P_DEFAULT, H5P_DEFAULT);
  check_id(id, "H5Acreate2", what);
  herr_t status = H5Awrite(id, mem_type, value);
  if (status < 0) {
    const std::string message = innermost_message();
    H5Aclose(id);
    throw IoError("H5Awrite failed for '" + what + "': " + message);
  }
  check(H5Aclose(id), "H5Aclose", what);
}

void Location::write_attribute(const std::string& attr, const std::string& value) {
  check_no_nul(value, name() + " attribute " + attr);
  const DataType type = DataType::utf8_string();
  const char* text = value.c_str();
  write_scalar_attribute(attr, type.id(), type.id(), &text);
}

void Location::write_attribute(const std::string& attr, double value) {
  write_scalar_attribute(attr, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void Location::write_attribute(const std::string& attr, std::int32_t value) {
  write_scalar_attribute(attr, H5T_STD_I32LE, H5T_NATIVE_INT32, &value);
}

void Location::write_attribute(const std::string& attr, std::uint64_t value) {
  write_scalar_attribute(attr, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

// ---- DataSet ----

DataSet::DataSet(hid_t id, std::string name, std::vector<hsize_t> dims)
    : Location(id, H5Dclose, std::move(name)), dims_(std::move(dims)) {}

void DataSet::check_size(std::size_t elements, const char* what) const {
  hsize_t expected = 1;
  for (hsize_t d : dims_)
    expected *= d;
  if (elements != expected) {
    throw IoError(std::string(what) + " for '" + name() + "': " + std::to_string(elements) +
                  " values given, the dataset holds " + std::to_string(expected));
  }
}

void DataSet::write_raw(hid_t mem_type, const void* data) {
  check(H5Dwrite(id(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "H5Dwrite", name());
}

void DataSet::write(const std::vector<double>& data) {
  check_size(data.size(), "H5Dwrite");
  if (!data.empty()) write_raw(H5T_NATIVE_DOUBLE, data.data());
}

void DataSet::write(const std::vector<std::int32_t>& data) {
  check_size(data.size(), "H5Dwrite");
  if (!data.empty()) write_raw(H5T_NATIVE_INT32, data.data());
}

void DataSet::write(const std::vector<std::uint64_t>& data) {
  check_size(data.size(), "H5Dwrite");
  if (!data.empty()) write_raw(H5T_NATIVE_UINT64, data.data());
}

void DataSet::write(const std::vector<std::string>& data) {
  check_size(data.size(), "H5Dwrite");
  if (data.empty()) return;
  // A variable-length string in memory is a char*; HDF5 copies the bytes up to the NUL.
  std::vector<const char*> pointers;
  pointers.reserve(data.size());
  for (const std::string& s : data) {
    check_no_nul(s, name());
    pointers.push_back(s.c_str());
  }
  const DataType type = DataType::utf8_string();
  write_raw(type.id(), pointers.data());
}

void DataSet::write_hyperslab_raw(const std::vector<hsize_t>& start,
                                  const std::vector<hsize_t>& count, hid_t mem_type,
                                  const void* data) {
  if (start.size() != dims_.size() || count.size() != dims_.size()) {
    throw IoError("H5Dwrite failed for '" + name() + "': hyperslab rank does not match");
  }
  for (std::size_t i = 0; i < dims_.size(); ++i) {
    if (start[i] + count[i] > dims_[i]) {
      throw IoError("H5Dwrite failed for '" + name() + "': block " + std::to_string(start[i]) +
                    "+" + std::to_string(count[i]) + " exceeds dimension " + std::to_string(i) +
                    " of size " + std::to_string(dims_[i]));
    }
  }
  DataSpace file_space = DataSpace::simple(dims_);
  file_space.select_hyperslab(start, count);
  const DataSpace memory_space = DataSpace::simple(count);
  check(H5Dwrite(id(), mem_type, memory_space.id(), file_space.id(), H5P_DEFAULT, data), "H5Dwrite",
        name());
}

void DataSet::set_scale(const std::string& dimension_name) {
  check(H5DSset_scale(id(), dimension_name.c_str()), "H5DSset_scale", name());
}

void DataSet::attach_scale(const DataSet& scale, unsigned index) {
  check(H5DSattach_scale(id(), scale.id(), index), "H5DSattach_scale",
        name() + " dimension " + std::to_string(index) + " <- " + scale.name());
}

// ---- Group, File ----

Group::Group(hid_t id, CloseFunction close_function, std::string file, std::string path)
    : Location(id, close_function, path == "/" ? file : file + ":" + path),
      file_(std::move(file)),
      path_(std::move(path)) {}

std::string Group::child_name(const std::string& child) const {
  return path_ == "/" ? "/" + child : path_ + "/" + child;
}

Group Group::create_group(const std::string& child) {
  const std::string path = child_name(child);
  const hid_t id = H5Gcreate2(this->id(), child.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  check_id(id, "H5Gcreate2", file_ + ":" + path);
  return Group(id, H5Gclose, file_, path);
}

DataSet Group::create_dataset(const std::string& child, hid_t file_type,
                              const std::vector<hsize_t>& dims, const DataSetOptions& options) {
  const std::string name = file_ + ":" + child_name(child);
  const DataSpace space = DataSpace::simple(dims);
  const PropertyList dcpl = PropertyList::create(H5P_DATASET_CREATE, name);
  if (!options.chunk.empty()) {
    check(H5Pset_chunk(dcpl.id(), static_cast<int>(options.chunk.size()), options.chunk.data()),
          "H5Pset_chunk", name);
  }
  const hid_t id = H5Dcreate2(this->id(), child.c_str(), file_type, space.id(), H5P_DEFAULT,
                              dcpl.id(), H5P_DEFAULT);
  check_id(id, "H5Dcreate2", name);
  return DataSet(id, name, dims);
}

File File::create_exclusive(const std::string& path) {
  const PropertyList fapl = PropertyList::create(H5P_FILE_ACCESS, path);
  check(H5Pset_fclose_degree(fapl.id(), H5F_CLOSE_STRONG), "H5Pset_fclose_degree", path);
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_EXCL, H5P_DEFAULT, fapl.id());
  check_id(id, "H5Fcreate", path);
  return File(id, H5Fclose, path, "/");
}

void Group::flush() {
  check(H5Fflush(id(), H5F_SCOPE_LOCAL), "H5Fflush", name());
}

}  // namespace regiosim::h5
