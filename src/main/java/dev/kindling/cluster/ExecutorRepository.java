package dev.kindling.cluster;

import dev.kindling.state.ReadOnlyRepository;

interface ExecutorRepository extends ReadOnlyRepository<ExecutorEntity, String> {

}
