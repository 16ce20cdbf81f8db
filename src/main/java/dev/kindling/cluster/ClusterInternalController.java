package dev.kindling.cluster;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.kindling.platform.DriverRole;
import dev.kindling.protocol.Heartbeat;
import dev.kindling.protocol.HeartbeatResponse;
import dev.kindling.protocol.Paths;
import dev.kindling.protocol.RegisterRequest;
import dev.kindling.protocol.RegisterResponse;

/** Registration, heartbeats and deregistration of executors. */
@Hidden
@RestController
@DriverRole
class ClusterInternalController {

	private final ExecutorRegistry registry;

	ClusterInternalController(ExecutorRegistry registry) {
		this.registry = registry;
	}

	@PostMapping(Paths.REGISTER)
	ResponseEntity<RegisterResponse> register(@RequestBody RegisterRequest request) {
		if (request.version() != Paths.VERSION) {
			return ResponseEntity.status(409).build();
		}
		return ResponseEntity.ok(this.registry.register(request));
	}

	@PostMapping(Paths.HEARTBEAT)
	HeartbeatResponse heartbeat(@PathVariable String executorId, @RequestBody Heartbeat heartbeat) {
		return this.registry.heartbeat(executorId, heartbeat);
	}

	@PostMapping(Paths.DEREGISTER)
	ResponseEntity<Void> deregister(@PathVariable String executorId) {
		this.registry.deregister(executorId);
		return ResponseEntity.noContent().build();
	}

}
