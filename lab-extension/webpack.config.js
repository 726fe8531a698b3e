// Module ids by order, not by a hash of each module's path: the builder names the extension's entry by its
// absolute path, so hashed ids (webpack's default) made the build depend on where the folder was, and a
// fresh clone's rebuild (`python -m pakru labextension --check`) could never match the committed one.
module.exports = {
  optimization: { moduleIds: 'natural', chunkIds: 'natural' }
};
